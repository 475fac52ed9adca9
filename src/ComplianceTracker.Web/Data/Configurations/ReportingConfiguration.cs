using ComplianceTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComplianceTracker.Web.Data.Configurations;

public class ReportFormConfiguration : IEntityTypeConfiguration<ReportForm>
{
    public void Configure(EntityTypeBuilder<ReportForm> builder)
    {
        builder.Property(f => f.Code).HasMaxLength(64);
        builder.HasIndex(f => f.Code).IsUnique();
        builder.Property(f => f.Name).HasMaxLength(200);
        builder.Ignore(f => f.SheetName);
        builder.Ignore(f => f.Version);
        builder.HasOne(f => f.Requirement).WithMany().HasForeignKey(f => f.RequirementId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(f => f.Indicators).WithOne().HasForeignKey(i => i.FormId);
        builder.HasMany(f => f.Rules).WithOne().HasForeignKey(r => r.FormId);
        builder.HasMany(f => f.Versions).WithOne().HasForeignKey(v => v.FormId);
    }
}

public class FormVersionConfiguration : IEntityTypeConfiguration<FormVersion>
{
    public void Configure(EntityTypeBuilder<FormVersion> builder)
    {
        builder.HasIndex(v => new { v.FormId, v.Number }).IsUnique();
        builder.Property(v => v.FromPeriod).HasMaxLength(20);
        builder.Property(v => v.PublishedBy).HasMaxLength(256);
        builder.Property(v => v.Reason).HasMaxLength(1000);
        builder.Property(v => v.Changes).HasMaxLength(4000);
    }
}

public class IndicatorConfiguration : IEntityTypeConfiguration<Indicator>
{
    public void Configure(EntityTypeBuilder<Indicator> builder)
    {
        builder.Property(i => i.Code).HasMaxLength(64);
        builder.HasIndex(i => new { i.FormId, i.Code, i.SinceVersion }).IsUnique();
        builder.Property(i => i.Name).HasMaxLength(200);
        builder.Property(i => i.Section).HasMaxLength(200);
        builder.Property(i => i.Unit).HasMaxLength(20);
        builder.Property(i => i.Note).HasMaxLength(1000);
        builder.Property(i => i.ChangeLimitUpPercent).HasPrecision(9, 2);
        builder.Property(i => i.ChangeLimitDownPercent).HasPrecision(9, 2);
        builder.Ignore(i => i.ChangeLimit);
    }
}

public class FormRuleConfiguration : IEntityTypeConfiguration<FormRule>
{
    public void Configure(EntityTypeBuilder<FormRule> builder)
    {
        builder.Property(r => r.Code).HasMaxLength(64);
        builder.HasIndex(r => new { r.FormId, r.Code, r.SinceVersion }).IsUnique();
        builder.Property(r => r.Left).HasMaxLength(500);
        builder.Property(r => r.Operator).HasMaxLength(4);
        builder.Property(r => r.Right).HasMaxLength(500);
        builder.Property(r => r.Message).HasMaxLength(500);
    }
}

public class ReportPeriodConfiguration : IEntityTypeConfiguration<ReportPeriod>
{
    public void Configure(EntityTypeBuilder<ReportPeriod> builder)
    {
        builder.Property(p => p.Key).HasMaxLength(20);
        builder.HasIndex(p => new { p.FormId, p.Key }).IsUnique();
        builder.Property(p => p.DueExplanation).HasMaxLength(1000);
        builder.HasOne(p => p.Form).WithMany().HasForeignKey(p => p.FormId);
    }
}

public class SubmissionConfiguration : IEntityTypeConfiguration<Submission>
{
    public void Configure(EntityTypeBuilder<Submission> builder)
    {
        // One submission per institution, form and period: two first saves racing cannot both win.
        builder.HasIndex(s => new { s.PeriodId, s.InstitutionId }).IsUnique();
        builder.HasIndex(s => new { s.FormId, s.InstitutionId });
        // 待审核 reads the few reports waiting for approval among hundreds of thousands (1.7 s a count on PostgreSQL without it).
        builder.HasIndex(s => new { s.Status, s.InstitutionId });
        // A save checks the revision it was based on and a submit, approval or return the status it saw: a save racing
        // a submit cannot slip unvalidated figures under a submitted status, nor two decisions overwrite each other.
        builder.Property(s => s.Revision).IsConcurrencyToken();
        builder.Property(s => s.Status).IsConcurrencyToken();
        builder.Property(s => s.ApprovedBy).HasMaxLength(256);
        builder.Property(s => s.ReturnReason).HasMaxLength(1000);
        builder.HasOne(s => s.Form).WithMany().HasForeignKey(s => s.FormId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.Period).WithMany().HasForeignKey(s => s.PeriodId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.Institution).WithMany().HasForeignKey(s => s.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Revisions).WithOne().HasForeignKey(r => r.SubmissionId);
        builder.HasMany(s => s.Events).WithOne().HasForeignKey(e => e.SubmissionId);
    }
}

public class SubmissionRevisionConfiguration : IEntityTypeConfiguration<SubmissionRevision>
{
    public void Configure(EntityTypeBuilder<SubmissionRevision> builder)
    {
        builder.HasIndex(r => new { r.SubmissionId, r.Number }).IsUnique();
        builder.Property(r => r.IdempotencyKey).HasMaxLength(100);
        builder.HasIndex(r => new { r.SubmissionId, r.IdempotencyKey }).IsUnique();
        builder.Property(r => r.CreatedBy).HasMaxLength(256);
    }
}

public class SubmissionEventConfiguration : IEntityTypeConfiguration<SubmissionEvent>
{
    public void Configure(EntityTypeBuilder<SubmissionEvent> builder)
    {
        builder.HasIndex(e => e.SubmissionId);
        builder.Property(e => e.By).HasMaxLength(256);
        builder.Property(e => e.Reason).HasMaxLength(1000);
    }
}

public class PeriodUnlockConfiguration : IEntityTypeConfiguration<PeriodUnlock>
{
    public void Configure(EntityTypeBuilder<PeriodUnlock> builder)
    {
        builder.HasIndex(u => new { u.PeriodId, u.InstitutionId });
        builder.Property(u => u.Reason).HasMaxLength(1000);
        builder.Property(u => u.GrantedBy).HasMaxLength(256);
    }
}

public class RuleExemptionConfiguration : IEntityTypeConfiguration<RuleExemption>
{
    public void Configure(EntityTypeBuilder<RuleExemption> builder)
    {
        // One exception per check, institution and period: granting it again is refused, not stored twice.
        builder.HasIndex(e => new { e.PeriodId, e.InstitutionId, e.Rule }).IsUnique();
        builder.Property(e => e.Rule).HasMaxLength(100);
        builder.Property(e => e.Reason).HasMaxLength(1000);
        builder.Property(e => e.GrantedBy).HasMaxLength(256);
    }
}

public class UnlockApplicationConfiguration : IEntityTypeConfiguration<UnlockApplication>
{
    public void Configure(EntityTypeBuilder<UnlockApplication> builder)
    {
        builder.HasIndex(r => new { r.Status, r.PeriodId, r.InstitutionId });

        // Two supervisors answering the same request at once: the second gets a conflict, not a second answer.
        builder.Property(r => r.Status).IsConcurrencyToken();
        builder.Property(r => r.Reason).HasMaxLength(1000);
        builder.Property(r => r.Answer).HasMaxLength(1000);
        builder.Property(r => r.RequestedBy).HasMaxLength(256);
        builder.Property(r => r.DecidedBy).HasMaxLength(256);
    }
}
