using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ComplianceTracker.Web.Infrastructure;

/// <summary>
/// Settings bind once, are checked at start and are injected as the plain class. A mistyped or out-of-range
/// setting stops the app before it serves anything, with a message naming the key (<c>Limits:ConcurrentWrites</c>).
/// </summary>
public static class OptionsSetup
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/>, validates it now and at start, registers it, and returns it for set-up code that needs it at once.</summary>
    public static T AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class, new()
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        var value = configuration.GetSection(section).Get<T>() ?? new T();
        var errors = Validate(value, section);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(section, typeof(T), errors);
        }

        return value;
    }

    /// <summary>Each failure as "<c>Section:Key</c>: what is wrong".</summary>
    public static List<string> Validate(object options, string section)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => $"{section}:{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}").ToList();
    }
}
