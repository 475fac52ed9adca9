using AutoMapper;
using ComplianceTracker.Web.Data.Seeding;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceTracker.UnitTests.Circulars;

public class MappingAndRulesTests
{
    [Test]
    public void AutoMapperProfiles_AreValid()
    {
        var config = new MapperConfiguration(cfg => cfg.AddMaps(typeof(Program).Assembly), NullLoggerFactory.Instance);

        Assert.DoesNotThrow(config.AssertConfigurationIsValid);
    }

    [TestCase(InstitutionType.Bank, false, true)]
    [TestCase(InstitutionType.Insurer, false, false)]
    [TestCase(InstitutionType.Bank, true, true)]
    public void Applicability_BankOnly_IncludesBanksOfEitherRank(InstitutionType type, bool legalEntity, bool expected)
    {
        var appliesTo = new Applicability { InstitutionTypes = InstitutionTypes.Bank };

        Assert.That(appliesTo.Includes(type, legalEntity), Is.EqualTo(expected));
    }

    [Test]
    public void Applicability_LegalEntitiesOnly_ExcludesBranches()
    {
        var appliesTo = new Applicability { InstitutionTypes = InstitutionTypes.Bank | InstitutionTypes.Insurer, LegalEntitiesOnly = true };

        Assert.Multiple(() =>
        {
            Assert.That(appliesTo.Includes(InstitutionType.Bank, isLegalEntity: false), Is.False);
            Assert.That(appliesTo.Includes(InstitutionType.Insurer, isLegalEntity: true), Is.True);
        });
    }

    [Test]
    public void Ancestors_OfAJurisdictionPath_ListEveryLevel()
    {
        Assert.That(CircularAccess.Ancestors("/CN/SX/SX-CZ/"), Is.EqualTo(new[] { "/CN/", "/CN/SX/", "/CN/SX/SX-CZ/" }));
    }

    [Test]
    public void Validate_DeadlineWithoutRuleAndEmptyTitle_NamesEachField()
    {
        var request = new CreateCircularRequest
        {
            Title = " ",
            Text = "全文",
            Issuers = ["上海银保监局"],
            Requirements = [new RequirementInput { Clause = "一、", Text = "十日内报送", Kind = RequirementKind.Deadline }],
        };

        var errors = CreateCircularHandler.Validate(request);

        Assert.Multiple(() =>
        {
            Assert.That(errors.Keys, Is.EquivalentTo(new[] { "title", "requirements[0].dueRule" }));
            Assert.That(errors["requirements[0].dueRule"].Single(), Does.Contain("期限规则"));
        });
    }

    [Test]
    public void Validate_RecurringReportThatIsOnce_IsRefused()
    {
        var request = new CreateCircularRequest
        {
            Title = "通知",
            Text = "全文",
            Issuers = ["某局"],
            Requirements = [new RequirementInput { Clause = "二、", Text = "按月报送", Kind = RequirementKind.RecurringReport, DueRule = new DueRule() }],
        };

        Assert.That(CreateCircularHandler.Validate(request).Keys, Is.EquivalentTo(new[] { "requirements[0].dueRule" }));
    }

    [Test]
    public void TopologicalOrder_PutsParentsFirst_AndRejectsUnknownParents()
    {
        var rows = new[] { new JurisdictionSeed("B", "b", "A"), new JurisdictionSeed("A", "a", null) };

        Assert.Multiple(() =>
        {
            Assert.That(ReferenceDataSeeder.TopologicalOrder(rows, r => r.Code, r => r.ParentCode).Select(r => r.Code), Is.EqualTo(new[] { "A", "B" }));
            Assert.Throws<InvalidOperationException>(() => ReferenceDataSeeder.TopologicalOrder([new JurisdictionSeed("B", "b", "X")], r => r.Code, r => r.ParentCode));
        });
    }
}
