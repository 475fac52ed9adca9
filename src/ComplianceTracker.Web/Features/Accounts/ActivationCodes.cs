using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.Web.Features.Accounts;

/// <summary>The <c>Activation</c> configuration section: how long a one-time activation code (开通码) is valid.</summary>
public sealed class ActivationOptions
{
    public const string Section = "Activation";

    [Range(1, 90)]
    public int DaysValid { get; set; } = 14;
}

/// <summary>
/// One-time activation codes (开通码): random, typable (10 characters from an alphabet without 0/O/1/I/L, shown as
/// <c>XXXXX-XXXXX</c>), kept only as a salted PBKDF2 hash on the account, valid for <see cref="ActivationOptions.DaysValid"/>
/// days. While an account has one it has no password; using it sets the person's own password and clears it.
/// </summary>
public sealed class ActivationCodes(ActivationOptions options, TimeProvider time)
{
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    // A code has ~50 bits of randomness and expires: 10,000 rounds make guessing from a stolen hash hopeless while
    // opening 40,000 accounts at once stays a matter of minutes. The count is stored with each hash.
    private const int Iterations = 10_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const string Scheme = "pbkdf2-sha256";

    /// <summary>Puts a fresh code on the account (replacing any earlier one) and answers it: the only time it exists in clear.</summary>
    public (string Code, DateTime ExpiresAt) Issue(AppUser user)
    {
        var code = New();
        user.ActivationCodeHash = Hash(code);
        user.ActivationExpiresAt = time.GetUtcNow().UtcDateTime.AddDays(options.DaysValid);
        return (code, user.ActivationExpiresAt.Value);
    }

    /// <summary>The code matches the account's and has not expired (a used code is cleared, so it matches nothing).</summary>
    public bool Matches(AppUser user, string? code)
    {
        if (user.ActivationCodeHash is not { } stored || user.ActivationExpiresAt is not { } expires || expires <= time.GetUtcNow().UtcDateTime || string.IsNullOrWhiteSpace(code))
        {
            return false;
        }

        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out var iterations))
        {
            return false;
        }

        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Normalize(code), Convert.FromBase64String(parts[2]), iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>What a person types, as compared: upper case, without the dash and spaces.</summary>
    private static string Normalize(string code) =>
        new(code.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());

    private static string New()
    {
        var chars = new char[10];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return $"{new string(chars, 0, 5)}-{new string(chars, 5, 5)}";
    }

    private static string Hash(string code)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Normalize(code), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }
}
