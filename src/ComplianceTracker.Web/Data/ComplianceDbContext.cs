using ComplianceTracker.Web.Domain;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Data;

/// <summary>
/// The one context. Each database provider has a thin subclass (<see cref="SqliteComplianceDbContext"/>,
/// <see cref="PostgresComplianceDbContext"/>, <see cref="SqlServerComplianceDbContext"/>) that owns its
/// migration set; the model itself is shared and provider-neutral.
/// </summary>
public abstract class ComplianceDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core's data-protection keys, shared by every server (sign-in cookies, antiforgery tokens).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Jurisdiction> Jurisdictions => Set<Jurisdiction>();
    public DbSet<Institution> Institutions => Set<Institution>();
    public DbSet<Issuer> Issuers => Set<Issuer>();
    public DbSet<Circular> Circulars => Set<Circular>();
    public DbSet<CircularRelation> CircularRelations => Set<CircularRelation>();
    public DbSet<Requirement> Requirements => Set<Requirement>();
    public DbSet<Obligation> Obligations => Set<Obligation>();
    public DbSet<DueItem> DueItems => Set<DueItem>();
    public DbSet<DueItemStatusChange> DueItemStatusChanges => Set<DueItemStatusChange>();
    public DbSet<DueItemAttachment> DueItemAttachments => Set<DueItemAttachment>();
    public DbSet<ReportForm> ReportForms => Set<ReportForm>();
    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<FormRule> FormRules => Set<FormRule>();
    public DbSet<FormVersion> FormVersions => Set<FormVersion>();
    public DbSet<ReportPeriod> ReportPeriods => Set<ReportPeriod>();
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<SubmissionRevision> SubmissionRevisions => Set<SubmissionRevision>();
    public DbSet<SubmissionEvent> SubmissionEvents => Set<SubmissionEvent>();
    public DbSet<PeriodUnlock> PeriodUnlocks => Set<PeriodUnlock>();
    public DbSet<UnlockApplication> UnlockApplications => Set<UnlockApplication>();
    public DbSet<RuleExemption> RuleExemptions => Set<RuleExemption>();
    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<GroupRobot> GroupRobots => Set<GroupRobot>();
    public DbSet<ExportJob> ExportJobs => Set<ExportJob>();
    public DbSet<TrackedTarget> TrackedTargets => Set<TrackedTarget>();
    public DbSet<TargetBaseline> TargetBaselines => Set<TargetBaseline>();
    public DbSet<TargetResult> TargetResults => Set<TargetResult>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ComplianceDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as UTC and read back as UTC on every provider (SQLite forgets the kind).
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();

        // Enums as readable strings, so a DBA reading a table sees "Overdue", not 3.
        configurationBuilder.Properties<InstitutionType>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<CircularStatus>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<DocumentKind>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<RequirementKind>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<DueItemStatus>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<DueItemStatus?>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<DueFrequency>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<SubmissionStatus>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<UnlockApplicationStatus>().HaveConversion<string>().HaveMaxLength(10);
        configurationBuilder.Properties<RuleSeverity>().HaveConversion<string>().HaveMaxLength(10);
        configurationBuilder.Properties<RevisionSource>().HaveConversion<string>().HaveMaxLength(10);
        configurationBuilder.Properties<CalendarDayKind>().HaveConversion<string>().HaveMaxLength(10);
        configurationBuilder.Properties<NotificationKind>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<DeliveryChannel>().HaveConversion<string>().HaveMaxLength(10);
        configurationBuilder.Properties<DeliveryStatus>().HaveConversion<string>().HaveMaxLength(10);
        configurationBuilder.Properties<RobotKind>().HaveConversion<string>().HaveMaxLength(10);
        configurationBuilder.Properties<ExportJobState>().HaveConversion<string>().HaveMaxLength(10);
        configurationBuilder.Properties<TargetStatus>().HaveConversion<string>().HaveMaxLength(10);
    }
}
