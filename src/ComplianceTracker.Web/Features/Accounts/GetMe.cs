using ComplianceTracker.Web.Infrastructure.Security;
namespace ComplianceTracker.Web.Features.Accounts;

public sealed record MeResponse(string UserName, string DisplayName, IReadOnlyCollection<string> Roles, string? InstitutionCode, string? JurisdictionCode);

public sealed class GetMeHandler(CurrentUser currentUser)
{
    public async Task<MeResponse> HandleAsync(CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        return new MeResponse(scope.UserName, scope.User.DisplayName, scope.Roles, scope.User.Institution?.Code, scope.User.Jurisdiction?.Code);
    }
}
