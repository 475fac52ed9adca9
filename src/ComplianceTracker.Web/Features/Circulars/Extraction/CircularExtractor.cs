using System.Text;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Circulars.Extraction;

/// <summary>
/// Reads a circular the way a careful compliance officer does and proposes everything with the words it came from:
/// particulars, the clause tree, typed requirements. Rule-based, no network, nothing stored.
/// </summary>
public static class CircularExtractor
{
    /// <summary>The longest text read: the longest seed circular is about 13,000 characters; this is twenty times that.</summary>
    public const int MaxCharacters = 300_000;

    public static ExtractionProposal Extract(string text)
    {
        var normalized = Normalize(text);
        if (normalized.Trim().Length == 0)
        {
            throw RuleViolationException.For("text", "文本为空。请粘贴通知全文，或上传 .txt / .docx 文件。");
        }

        if (normalized.Length > MaxCharacters)
        {
            throw RuleViolationException.For("text", $"文本过长（{normalized.Length:N0} 字，上限 {MaxCharacters:N0} 字）。请只粘贴通知正文及附件。");
        }

        var metadata = MetadataExtractor.Extract(normalized);
        var clauses = ClauseParser.Parse(normalized);
        var requirements = metadata.LooksLikeCircular ? RequirementExtractor.Extract(normalized, clauses, metadata) : [];
        if (metadata.IssuedOn is null)
        {
            // Rules that count from the issue date say so, for the supervisor to fill it in.
            var known = metadata.DocumentNumber?.Value is { } number && YearOf(number) is { } year ? year : null;
            requirements = requirements.Select(r => r.DueRule is { } rule ? r with { DueRule = DueRuleParser.NoteUnknownIssueDate(rule, r.Text, known) } : r).ToList();
        }

        var kind = metadata.LooksLikeCircular ? DocumentKind.Notice : DocumentKind.NewsReport;

        var notes = new List<string>();
        if (!metadata.LooksLikeCircular)
        {
            notes.Add("未发现监管要求：该文本不像监管通知（可能是新闻报道或转载），未提取任何要求。");
        }
        else if (requirements.Count == 0)
        {
            notes.Add("未发现监管要求：文中没有找到对机构提出的期限、报送、目标、禁止或原则性要求。");
        }

        if (metadata.DocumentNumber is null)
        {
            notes.Add("未找到本文件的文号，请核对后填写。");
        }

        if (metadata.IssuedOn is null)
        {
            notes.Add("未找到完整的发文日期；按发文日期计算的期限需补录日期后才能确定。");
        }

        if (metadata.LooksLikeCircular && metadata.Issuers.Count == 0)
        {
            notes.Add("文中未写明发文机关（如仅有“我局”），请补录。");
        }

        return new ExtractionProposal
        {
            Text = normalized,
            DocumentKind = kind,
            Metadata = metadata,
            Clauses = clauses,
            Requirements = requirements,
            Notes = notes,
            Draft = DraftOf(normalized, metadata, requirements),
        };
    }

    /// <summary>The year in a 文号 ("长上金发〔2022〕20号" → "2022").</summary>
    private static string? YearOf(string documentNumber)
    {
        var open = documentNumber.IndexOf('〔', StringComparison.Ordinal);
        return open >= 0 && open + 5 <= documentNumber.Length && documentNumber.Substring(open + 1, 4).All(char.IsAsciiDigit) ? documentNumber.Substring(open + 1, 4) : null;
    }

    /// <summary>Line ends as "\n", no NUL or other control characters but tab and newline: evidence offsets point into this.</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    continue;
                }

                builder.Append('\n');
            }
            else if (c == '\uFEFF' || (char.IsControl(c) && c is not '\n' and not '\t' and not '\f'))
            {
                continue;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static CreateCircularRequest DraftOf(string text, MetadataProposal metadata, List<RequirementProposal> requirements) => new()
    {
        DocumentNumber = metadata.DocumentNumber?.Value,
        Title = metadata.Title?.Value ?? "",
        Issuers = metadata.Issuers.Select(i => i.Value).ToList(),
        IssuedOn = metadata.IssuedOn?.Value,
        IssuedOnText = metadata.IssuedOn?.Evidence.Text,
        EffectiveFrom = metadata.EffectiveFrom?.Value,
        EffectiveTo = metadata.EffectiveTo?.Value,
        ValidityMonths = metadata.ValidityMonths?.Value,
        ValidityText = metadata.ValidityMonths?.Evidence.Text,
        Addressees = metadata.Addressees?.Value,
        Contacts = metadata.Contacts.Count == 0 ? null : string.Join("；", metadata.Contacts.Select(c => c.Value)),
        Text = text,
        Attachments = metadata.Attachments.Select(a => a.Value).ToList(),
        Requirements = requirements.Select(r => new RequirementInput
        {
            Clause = r.Clause,
            Text = r.Text,
            Kind = r.Kind,
            DueRule = r.DueRule,
            AppliesTo = r.AppliesTo,
            Target = r.Target,
        }).ToList(),
    };
}
