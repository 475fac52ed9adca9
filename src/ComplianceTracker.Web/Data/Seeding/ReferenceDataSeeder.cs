using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Data.Seeding;

/// <summary>
/// Loads jurisdictions and the real circulars from <c>seeds/</c>, each by its natural key: what is there already is
/// left as it is (a supervisor may have corrected it), what is missing is added. The sample institutions of
/// <c>institutions.json</c> are demo data: <see cref="DemoSeeder"/> loads them (<see cref="SeedInstitutionsAsync"/>),
/// so a real installation starts with an empty registry and imports its own.
/// </summary>
public sealed class ReferenceDataSeeder(ComplianceDbContext db, SeedFiles files, ReportPeriodGenerator periods, TimeProvider time, ILogger<ReferenceDataSeeder> logger)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        await SeedCalendarAsync(ct);
        await SeedJurisdictionsAsync(ct);
        foreach (var seed in files.Circulars())
        {
            await SeedCircularAsync(seed, files.CircularText(seed), isDemo: false, ct);
        }

        foreach (var form in files.Forms())
        {
            await SeedFormAsync(form, ct);
        }

        foreach (var target in files.Targets())
        {
            await SeedTargetAsync(target, ct);
        }
    }

    /// <summary>Tracks a target on a form's indicators, unless the requirement already tracks one so described.</summary>
    public async Task SeedTargetAsync(TargetSeed seed, CancellationToken ct)
    {
        var requirements = await db.Requirements
            .Where(r => r.Circular.NaturalKey == seed.CircularKey && r.Clause == seed.Clause && r.Kind == RequirementKind.Target)
            .Select(r => new { r.Id, r.Text }).ToListAsync(ct);
        var requirement = requirements.FirstOrDefault(r => seed.Match is null || r.Text.Contains(seed.Match, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"targets.json: no Target requirement {seed.CircularKey} {seed.Clause} containing “{seed.Match}”.");
        var formId = await db.ReportForms.Where(f => f.Code == seed.Form).Select(f => (int?)f.Id).SingleOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"targets.json: no form {seed.Form}.");
        if (await db.TrackedTargets.AnyAsync(t => t.RequirementId == requirement.Id && t.Description == seed.Description, ct))
        {
            return;
        }

        db.TrackedTargets.Add(new TrackedTarget { RequirementId = requirement.Id, FormId = formId, Description = seed.Description, Rule = seed.Rule });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds a report form linked to the requirement that demands it, unless its code exists.</summary>
    public async Task SeedFormAsync(FormSeed seed, CancellationToken ct)
    {
        if (await db.ReportForms.AnyAsync(f => f.Code == seed.Code, ct))
        {
            return;
        }

        var requirement = await db.Requirements.Include(r => r.Circular)
            .SingleOrDefaultAsync(r => r.Circular.NaturalKey == seed.CircularKey && r.Clause == seed.RequirementClause, ct)
            ?? throw new InvalidOperationException($"Form {seed.Code}: circular {seed.CircularKey} has no requirement at clause {seed.RequirementClause}.");
        var form = seed.ToForm(requirement.Id);
        db.ReportForms.Add(form);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Seeded report form {Code} with {Count} indicators", seed.Code, form.Indicators.Count);
        if (requirement.Circular.Status == CircularStatus.Published)
        {
            await periods.EnsureForCircularAsync(requirement.CircularId, ct);
        }
    }

    /// <summary>Each notice year is loaded once; a year already there (perhaps corrected by an admin) is left alone.</summary>
    private async Task SeedCalendarAsync(CancellationToken ct)
    {
        var years = (await db.CalendarDays.Select(d => d.Year).Distinct().ToListAsync(ct)).ToHashSet();
        foreach (var seed in files.CalendarYears().Where(y => !years.Contains(y.Year)))
        {
            db.CalendarDays.AddRange(seed.ToDays());
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Seeded the {Year} holiday calendar ({Count} days) from {Source}", seed.Year, seed.Days.Count, seed.Source);
        }
    }

    private async Task SeedJurisdictionsAsync(CancellationToken ct)
    {
        var existing = await db.Jurisdictions.ToDictionaryAsync(j => j.Code, ct);
        foreach (var seed in TopologicalOrder(files.Jurisdictions(), j => j.Code, j => j.ParentCode))
        {
            if (existing.ContainsKey(seed.Code))
            {
                continue;
            }

            var parent = seed.ParentCode is null ? null : existing[seed.ParentCode];
            var jurisdiction = new Jurisdiction
            {
                Code = seed.Code,
                Name = seed.Name,
                Parent = parent,
                Path = $"{parent?.Path ?? "/"}{seed.Code}/",
            };
            db.Jurisdictions.Add(jurisdiction);
            existing[seed.Code] = jurisdiction;
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The sample institutions (<c>institutions.json</c>), each unless its code is there.</summary>
    public async Task SeedInstitutionsAsync(CancellationToken ct)
    {
        var jurisdictions = await db.Jurisdictions.ToDictionaryAsync(j => j.Code, ct);
        var existing = await db.Institutions.ToDictionaryAsync(i => i.Code, ct);
        var added = 0;
        foreach (var seed in TopologicalOrder(files.Institutions(), i => i.Code, i => i.ParentCode))
        {
            if (existing.ContainsKey(seed.Code))
            {
                continue;
            }

            var parent = seed.ParentCode is null ? null : existing[seed.ParentCode];
            var institution = new Institution
            {
                Code = seed.Code,
                Name = seed.Name,
                ShortName = seed.ShortName,
                Category = seed.Category,
                Type = seed.Type,
                IsLegalEntity = seed.IsLegalEntity,
                Parent = parent,
                Path = $"{parent?.Path ?? "/"}{seed.Code}/",
                Jurisdiction = jurisdictions[seed.JurisdictionCode],
            };
            db.Institutions.Add(institution);
            existing[seed.Code] = institution;
            added++;
        }

        await db.SaveChangesAsync(ct);
        if (added > 0)
        {
            logger.LogInformation("Seeded {Count} institutions", added);
        }
    }

    /// <summary>Adds a circular from its seed unless one with the same key is there; returns the stored one.</summary>
    public async Task<Circular> SeedCircularAsync(CircularSeed seed, string text, bool isDemo, CancellationToken ct, DateOnly? issuedOn = null)
    {
        var existing = await db.Circulars.SingleOrDefaultAsync(c => c.NaturalKey == seed.Key, ct);
        if (existing is not null)
        {
            return existing;
        }

        var jurisdiction = await db.Jurisdictions.SingleAsync(j => j.Code == seed.JurisdictionCode, ct);
        var circular = new Circular
        {
            NaturalKey = seed.Key,
            DocumentNumber = seed.DocumentNumber,
            DocumentKind = seed.DocumentKind,
            Title = seed.Title ?? $"{string.Join("、", seed.Issuers)}新闻报道（原文无标题）",
            IssuedOn = issuedOn ?? seed.IssuedOn,
            IssuedOnText = seed.IssuedOnText,
            EffectiveFrom = seed.EffectiveFrom,
            EffectiveTo = seed.EffectiveTo,
            ValidityMonths = seed.ValidityMonths,
            ValidityText = seed.ValidityText,
            Addressees = seed.Addressees,
            Contacts = seed.Contacts.Count > 0 ? string.Join("\n", seed.Contacts) : null,
            Text = text,
            IsDemo = isDemo,
            Status = CircularStatus.Draft,
            JurisdictionId = jurisdiction.Id,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            CreatedBy = "seed",
            Attachments = seed.Attachments.Select((title, i) => new CircularAttachment { Number = i + 1, Title = title }).ToList(),
            Requirements = seed.Requirements.Select((r, i) => new Requirement
            {
                Clause = r.Clause,
                Ordinal = i + 1,
                Text = r.Text,
                Kind = r.Kind,
                DueRule = r.DueRule,
                Target = r.Target,
                AppliesTo = new Applicability
                {
                    InstitutionTypes = (r.AppliesTo?.InstitutionTypes ?? [InstitutionType.Bank, InstitutionType.Insurer]).ToFlags(),
                    LegalEntitiesOnly = r.AppliesTo?.LegalEntitiesOnly ?? false,
                    Text = r.AppliesTo?.Text,
                },
            }).ToList(),
        };
        circular.Issuers = await IssuerRegistry.ResolveAsync(db, seed.Issuers, ct);
        db.Circulars.Add(circular);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Seeded circular {Key} with {Count} requirements", seed.Key, circular.Requirements.Count);
        return circular;
    }

    /// <summary>Parents before children, so each row's parent exists when it is added.</summary>
    internal static List<T> TopologicalOrder<T>(IReadOnlyList<T> items, Func<T, string> key, Func<T, string?> parent)
    {
        var byKey = items.ToDictionary(key);
        var ordered = new List<T>();
        var placed = new HashSet<string>();

        void Place(T item, int depth)
        {
            if (depth > items.Count)
            {
                throw new InvalidOperationException($"Seed hierarchy has a cycle at {key(item)}.");
            }

            if (placed.Contains(key(item)))
            {
                return;
            }

            if (parent(item) is { } p)
            {
                Place(byKey.TryGetValue(p, out var parentItem) ? parentItem : throw new InvalidOperationException($"Seed row {key(item)} names unknown parent {p}."), depth + 1);
            }

            placed.Add(key(item));
            ordered.Add(item);
        }

        foreach (var item in items)
        {
            Place(item, 0);
        }

        return ordered;
    }
}
