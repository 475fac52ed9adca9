using ComplianceTracker.Web.Domain;
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
        builder.HasMany(n => n.Deliveries).WithOne().HasForeignKey(d => d.NotificationId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> builder)
    {
        builder.Property(d => d.Address).HasMaxLength(256);
        builder.Property(d => d.Mentions).HasMaxLength(Delivery.MentionsMaxLength);
        builder.Property(d => d.Title).HasMaxLength(200);
        builder.Property(d => d.Body).HasMaxLength(2000);
        builder.Property(d => d.ClaimToken).HasMaxLength(32);
        builder.Property(d => d.LastError).HasMaxLength(500);

        // Once per message and channel, like the inbox: a rerun or a second server records nothing twice.
        builder.Property(d => d.DedupKey).HasMaxLength(320);
        builder.HasIndex(d => d.DedupKey).IsUnique();

        // The dispatcher's sweep: pending rows whose time has come.
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => d.ClaimToken);

        // A robot's posts of the last minute, counted before sending more.
        builder.HasIndex(d => new { d.RobotId, d.SentAt });
        builder.HasOne<GroupRobot>().WithMany().HasForeignKey(d => d.RobotId).OnDelete(DeleteBehavior.SetNull);
    }
}

public class GroupRobotConfiguration : IEntityTypeConfiguration<GroupRobot>
{
    public void Configure(EntityTypeBuilder<GroupRobot> builder)
    {
        builder.Property(r => r.Url).HasMaxLength(500);
        builder.Property(r => r.Secret).HasMaxLength(200);
        builder.Property(r => r.UserId).HasMaxLength(450);

        // One robot per institution and one per user (each column's NULLs do not collide).
        builder.HasIndex(r => r.InstitutionId).IsUnique();
        builder.HasIndex(r => r.UserId).IsUnique();
        builder.HasOne(r => r.Institution).WithMany().HasForeignKey(r => r.InstitutionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
