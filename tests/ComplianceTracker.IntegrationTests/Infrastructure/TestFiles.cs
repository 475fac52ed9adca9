namespace ComplianceTracker.IntegrationTests.Infrastructure;

/// <summary>Files as a clerk uploads them: their first bytes are what the kind says (the product checks them).</summary>
public static class TestFiles
{
    /// <summary>A PDF of <paramref name="length"/> bytes: the PDF header, then noise.</summary>
    public static byte[] Pdf(int length = 3_000)
    {
        var bytes = new byte[length];
        "%PDF-1.4\n"u8.CopyTo(bytes);
        Random.Shared.NextBytes(bytes.AsSpan(9));
        return bytes;
    }

    public static byte[] Png() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[500]];

    /// <summary>A Windows program (its MZ header), to be named .pdf: what must be refused.</summary>
    public static byte[] Program() => [0x4D, 0x5A, 0x90, 0x00, .. new byte[1_000]];
}
