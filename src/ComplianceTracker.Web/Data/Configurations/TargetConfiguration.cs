using ComplianceTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComplianceTracker.Web.Data.Configurations;

public class TrackedTargetConfiguration : IEntityTypeConfiguration<TrackedTarget>
{
    public void Configure(EntityTypeBuilder<TrackedTarget> builder)
    {
        builder.Property(t => t.Description).HasMaxLength(300);
        builder.Property(t => t.Rule)
            .HasConversion((Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter)new JsonValueConverter<TargetRule>(), JsonValueConverter<TargetRule>.Comparer)
            .HasMaxLength(2000);
        builder.HasOne(t => t.Requirement).WithMany().HasForeignKey(t => t.RequirementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(t => t.Form).WithMany().HasForeignKey(t => t.FormId).OnDelete(DeleteBehavior.Restrict);

        // One tracked rule per requirement and description (seeding is idempotent by it).
        builder.HasIndex(t => new { t.RequirementId, t.Description }).IsUnique();
    }
}

public class TargetBaselineConfiguration : IEntityTypeConfiguration<TargetBaseline>
{
    public void Configure(EntityTypeBuilder<TargetBaseline> builder)
    {
        builder.Property(b => b.Indicator).HasMaxLength(40);
        builder.Property(b => b.Value).HasPrecision(20, 4);
        builder.Property(b => b.Source).HasMaxLength(60);
        builder.Property(b => b.EnteredBy).HasMaxLength(256);
        builder.HasIndex(b => new { b.InstitutionId, b.Year, b.Indicator }).IsUnique();
    }
}

public class TargetResultConfiguration : IEntityTypeConfiguration<TargetResult>
{
    public void Configure(EntityTypeBuilder<TargetResult> builder)
    {
        builder.Property(r => r.PeriodKey).HasMaxLength(20);
        builder.Property(r => r.Actual).HasPrecision(20, 4);
        builder.Property(r => r.Required).HasPrecision(20, 4);
        builder.Property(r => r.Explanation).HasMaxLength(500);
        builder.HasIndex(r => new { r.TrackedTargetId, r.InstitutionId, r.PeriodKey }).IsUnique();
        builder.HasOne(r => r.Institution).WithMany().HasForeignKey(r => r.InstitutionId).OnDelete(DeleteBehavior.Cascade);
    }
}
