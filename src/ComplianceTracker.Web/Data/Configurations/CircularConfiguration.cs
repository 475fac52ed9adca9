using System.Text.Json;
using ComplianceTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ComplianceTracker.Web.Data.Configurations;

public class CircularConfiguration : IEntityTypeConfiguration<Circular>
{
    public void Configure(EntityTypeBuilder<Circular> builder)
    {
        builder.Property(c => c.NaturalKey).HasMaxLength(100);
        builder.HasIndex(c => c.NaturalKey).IsUnique();
        builder.Property(c => c.DocumentNumber).HasMaxLength(100);
        builder.HasIndex(c => c.DocumentNumber);
        builder.Property(c => c.Title).HasMaxLength(500);
        builder.Property(c => c.IssuedOnText).HasMaxLength(100);
        builder.Property(c => c.ValidityText).HasMaxLength(500);
        builder.Property(c => c.Addressees).HasMaxLength(1000);
        builder.Property(c => c.Contacts).HasMaxLength(1000);
        builder.Property(c => c.CreatedBy).HasMaxLength(256);
        builder.Property(c => c.PublishedBy).HasMaxLength(256);
        builder.Property(c => c.RepealReason).HasMaxLength(Infrastructure.Reasons.MaxLength);
        builder.Property(c => c.ExtraDays)
            .HasConversion(
                new ValueConverter<List<ExtraDay>, string>(
                    v => JsonSerializer.Serialize(v, JsonValueConverter<ExtraDay>.Options),
                    s => JsonSerializer.Deserialize<List<ExtraDay>>(s, JsonValueConverter<ExtraDay>.Options) ?? new List<ExtraDay>()),
                new ValueComparer<List<ExtraDay>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, d) => HashCode.Combine(h, d)), v => v.ToList()))
            .HasMaxLength(4000);
        builder.Ignore(c => c.ValidFrom);
        builder.Ignore(c => c.ValidTo);
        builder.HasOne(c => c.Jurisdiction).WithMany().HasForeignKey(c => c.JurisdictionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Requirements).WithOne(r => r.Circular).HasForeignKey(r => r.CircularId);
        builder.HasMany(c => c.Attachments).WithOne().HasForeignKey(a => a.CircularId);
        builder.HasMany(c => c.Issuers).WithOne().HasForeignKey(i => i.CircularId);
    }
}

public class CircularRelationConfiguration : IEntityTypeConfiguration<CircularRelation>
{
    public void Configure(EntityTypeBuilder<CircularRelation> builder)
    {
        builder.Property(r => r.Reason).HasMaxLength(Infrastructure.Reasons.MaxLength);
        builder.Property(r => r.CreatedBy).HasMaxLength(256);
        builder.HasIndex(r => new { r.FromCircularId, r.ToCircularId, r.Kind }).IsUnique();
        builder.HasIndex(r => r.ToCircularId);

        // A relation goes with either circular (a draft that amended another may be deleted; the relation goes too).
        builder.HasOne(r => r.From).WithMany().HasForeignKey(r => r.FromCircularId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.To).WithMany().HasForeignKey(r => r.ToCircularId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class CircularIssuerConfiguration : IEntityTypeConfiguration<CircularIssuer>
{
    public void Configure(EntityTypeBuilder<CircularIssuer> builder)
    {
        builder.HasKey(ci => new { ci.CircularId, ci.IssuerId });
        builder.HasOne(ci => ci.Issuer).WithMany().HasForeignKey(ci => ci.IssuerId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class IssuerConfiguration : IEntityTypeConfiguration<Issuer>
{
    public void Configure(EntityTypeBuilder<Issuer> builder)
    {
        builder.Property(i => i.Name).HasMaxLength(200);
        builder.HasIndex(i => i.Name).IsUnique();
    }
}

public class CircularAttachmentConfiguration : IEntityTypeConfiguration<CircularAttachment>
{
    public void Configure(EntityTypeBuilder<CircularAttachment> builder)
    {
        builder.Property(a => a.Title).HasMaxLength(500);
    }
}

public class RequirementConfiguration : IEntityTypeConfiguration<Requirement>
{
    public void Configure(EntityTypeBuilder<Requirement> builder)
    {
        builder.Property(r => r.Clause).HasMaxLength(100);
        builder.Ignore(r => r.ScheduleKind);
        builder.HasIndex(r => new { r.CircularId, r.Ordinal }).IsUnique();
        builder.Property(r => r.DueRule)
            .HasConversion(new JsonValueConverter<DueRule>(), JsonValueConverter<DueRule>.Comparer)
            .HasMaxLength(2000);
        builder.Property(r => r.Target)
            .HasConversion(new JsonValueConverter<TargetSpec>(), JsonValueConverter<TargetSpec>.Comparer)
            .HasMaxLength(2000);
        builder.ComplexProperty(r => r.AppliesTo, a =>
        {
            a.Property(x => x.InstitutionTypes).HasColumnName("AppliesToTypes");
            a.Property(x => x.LegalEntitiesOnly).HasColumnName("AppliesToLegalEntitiesOnly");
            a.Property(x => x.Text).HasColumnName("AppliesToText").HasMaxLength(200);
        });
    }
}
