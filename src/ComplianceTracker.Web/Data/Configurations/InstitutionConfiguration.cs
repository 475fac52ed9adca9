using ComplianceTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComplianceTracker.Web.Data.Configurations;

public class InstitutionConfiguration : IEntityTypeConfiguration<Institution>
{
    public void Configure(EntityTypeBuilder<Institution> builder)
    {
        builder.Property(i => i.Code).HaveMaxLengthCode();
        builder.HasIndex(i => i.Code).IsUnique();
        builder.Property(i => i.Name).HasMaxLength(200);
        builder.Property(i => i.ShortName).HasMaxLength(50);
        builder.Property(i => i.ContactName).HasMaxLength(100);
        builder.Property(i => i.ContactPhone).HasMaxLength(50);
        builder.Property(i => i.ContactEmail).HasMaxLength(200);
        builder.Property(i => i.Path).HasMaxLength(400);
        builder.HasIndex(i => i.Path);
        builder.Ignore(i => i.DisplayShortName);
        builder.HasOne(i => i.Parent).WithMany().HasForeignKey(i => i.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(i => i.Jurisdiction).WithMany().HasForeignKey(i => i.JurisdictionId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class JurisdictionConfiguration : IEntityTypeConfiguration<Jurisdiction>
{
    public void Configure(EntityTypeBuilder<Jurisdiction> builder)
    {
        builder.Property(j => j.Code).HaveMaxLengthCode();
        builder.HasIndex(j => j.Code).IsUnique();
        builder.Property(j => j.Name).HasMaxLength(200);
        builder.Property(j => j.Path).HasMaxLength(400);
        builder.HasIndex(j => j.Path);
        builder.HasOne(j => j.Parent).WithMany().HasForeignKey(j => j.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal static class PropertyBuilderExtensions
{
    /// <summary>Codes and keys: short enough to index on every provider.</summary>
    public static PropertyBuilder<string> HaveMaxLengthCode(this PropertyBuilder<string> property) =>
        property.HasMaxLength(64);
}
