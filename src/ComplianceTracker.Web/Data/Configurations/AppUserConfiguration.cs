using ComplianceTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComplianceTracker.Web.Data.Configurations;

public class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(100);
        builder.Property(u => u.ActivationCodeHash).HasMaxLength(200);
        builder.HasOne(u => u.Institution).WithMany().HasForeignKey(u => u.InstitutionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(u => u.Jurisdiction).WithMany().HasForeignKey(u => u.JurisdictionId).OnDelete(DeleteBehavior.Restrict);
    }
}
