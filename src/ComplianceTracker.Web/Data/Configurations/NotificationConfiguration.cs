using ComplianceTracker.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComplianceTracker.Web.Data.Configurations;

public class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.UserId).HasMaxLength(450);
        builder.HasIndex(n => new { n.UserId, n.ReadAt });
        builder.Property(n => n.Title).HasMaxLength(200);
        builder.Property(n => n.Body).HasMaxLength(2000);
        builder.Property(n => n.Link).HasMaxLength(300);

        // Once per (kind, due item, step, user): what makes every sender idempotent, on any number of servers.
        builder.Property(n => n.DedupKey).HasMaxLength(300);
        builder.HasIndex(n => n.DedupKey).IsUnique();
    }
}
