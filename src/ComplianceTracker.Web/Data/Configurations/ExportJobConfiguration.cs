using ComplianceTracker.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComplianceTracker.Web.Data.Configurations;

public class ExportJobConfiguration : IEntityTypeConfiguration<ExportJob>
{
    public void Configure(EntityTypeBuilder<ExportJob> builder)
    {
        builder.Property(j => j.Kind).HasMaxLength(30);
        builder.Property(j => j.ParametersJson).HasMaxLength(1000);
        builder.Property(j => j.UserId).HasMaxLength(450);
        builder.Property(j => j.FileName).HasMaxLength(200);
        builder.Property(j => j.Error).HasMaxLength(1000);
        builder.HasIndex(j => new { j.UserId, j.CreatedAt });
    }
}
