using System.Diagnostics;
using System.Text;

namespace ComplianceTracker.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's LibreOffice Calc, headless: a file it converts without complaint opens without a repair. Missing, the
/// checks are skipped with a message, except under CI (`.ci/run` installs libreoffice-calc-nogui), where they fail.
/// </summary>
public static class LibreOffice
{
    private const string Soffice = "/usr/bin/soffice";

    /// <summary>Converts the workbook's first sheet to CSV and returns it (UTF-8).</summary>
    public static async Task<string> ToCsvAsync(byte[] xlsx) =>
        Encoding.UTF8.GetString(await ConvertAsync(xlsx, "csv:Text - txt - csv (StarCalc):44,34,76", "csv"));

    /// <summary>Prints the workbook to PDF as Calc would (its page setup, print titles and page breaks) and returns the PDF.</summary>
    public static Task<byte[]> ToPdfAsync(byte[] xlsx) => ConvertAsync(xlsx, "pdf", "pdf");

    private static async Task<byte[]> ConvertAsync(byte[] xlsx, string filter, string extension)
    {
        if (!File.Exists(Soffice))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail("soffice is missing: .ci/run must install libreoffice-calc-nogui.");
            }

            Assert.Ignore("LibreOffice checks need soffice: apt-get install libreoffice-calc-nogui");
        }

        var folder = Directory.CreateTempSubdirectory("ct-soffice-").FullName;
        try
        {
            var input = Path.Combine(folder, "export.xlsx");
            await File.WriteAllBytesAsync(input, xlsx);
            var start = new ProcessStartInfo(Soffice)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            foreach (var argument in new[] { $"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", filter, "--outdir", folder, input })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var output = Path.Combine(folder, $"export.{extension}");
            Assert.That(process.ExitCode, Is.Zero, await errors);
            Assert.That(File.Exists(output), Is.True, $"LibreOffice wrote no {extension}: {await errors}");
            return await File.ReadAllBytesAsync(output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
