using System.Security.Cryptography;
using System.Text;
using ComplianceTracker.Web.Data;
using Microsoft.IdentityModel.Tokens;

namespace ComplianceTracker.Web.Features.Accounts;

/// <summary>The key that signs and checks bearer tokens: from configuration, else created once in the data folder.</summary>
public sealed class SigningKeyProvider
{
    public SigningKeyProvider(AuthOptions options, DatabaseOptions database, IHostEnvironment environment)
    {
        var secret = options.SigningKey;
        if (string.IsNullOrWhiteSpace(secret))
        {
            var file = Path.Combine(environment.ContentRootPath, database.DataFolder, "token-signing.key");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            if (!File.Exists(file))
            {
                File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }

            secret = File.ReadAllText(file).Trim();
        }

        if (Encoding.UTF8.GetByteCount(secret) < 32)
        {
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 characters.");
        }

        Key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret));
    }

    public SymmetricSecurityKey Key { get; }
}
