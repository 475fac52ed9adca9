using ComplianceTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComplianceTracker.Web.Data.Configurations;

public class ObligationConfiguration : IEntityTypeConfiguration<Obligation>
{
    public void Configure(EntityTypeBuilder<Obligation> builder)
    {
        // One obligation per (requirement, institution): what makes publishing idempotent, even when two
        // servers publish at once.
        builder.HasIndex(o => new { o.RequirementId, o.InstitutionId }).IsUnique();
        builder.HasIndex(o => o.InstitutionId);
        builder.HasOne(o => o.Requirement).WithMany().HasForeignKey(o => o.RequirementId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(o => o.Institution).WithMany().HasForeignKey(o => o.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(o => o.DueItems).WithOne(d => d.Obligation).HasForeignKey(d => d.ObligationId);
    }
}

public class DueItemConfiguration : IEntityTypeConfiguration<DueItem>
{
    public void Configure(EntityTypeBuilder<DueItem> builder)
    {
        builder.Property(d => d.PeriodKey).HasMaxLength(20);
        builder.HasIndex(d => new { d.ObligationId, d.PeriodKey }).IsUnique();
        builder.HasIndex(d => new { d.Status, d.DueAt });

        // A change of status is made against the status read: two servers (or a job and a submission) cannot both
        // move the same item, and the second writer gets a conflict instead of overwriting the first.
        builder.Property(d => d.Status).IsConcurrencyToken();
        builder.Property(d => d.DueExplanation).HasMaxLength(1000);
        builder.HasMany(d => d.History).WithOne().HasForeignKey(h => h.DueItemId);
    }
}

public class DueItemStatusChangeConfiguration : IEntityTypeConfiguration<DueItemStatusChange>
{
    public void Configure(EntityTypeBuilder<DueItemStatusChange> builder)
    {
        builder.Property(h => h.ChangedBy).HasMaxLength(256);
        builder.Property(h => h.Reason).HasMaxLength(1000);
        builder.HasIndex(h => h.DueItemId);
    }
}

public class DueItemAttachmentConfiguration : IEntityTypeConfiguration<DueItemAttachment>
{
    public void Configure(EntityTypeBuilder<DueItemAttachment> builder)
    {
        builder.HasOne<DueItem>().WithMany().HasForeignKey(a => a.DueItemId);
        builder.HasIndex(a => a.DueItemId);
        builder.Property(a => a.FileName).HasMaxLength(200);
        builder.Property(a => a.ContentType).HasMaxLength(100);
        builder.Property(a => a.Note).HasMaxLength(1000);
        builder.Property(a => a.UploadedBy).HasMaxLength(256);
    }
}
