using System.Net.Http.Headers;
using System.Text;
using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>
/// 增设辖区: a district outside the shipped list (长治市潞州区) is added below its city, and its institutions can then
/// be imported; bad input and an area the caller does not oversee change nothing.
/// </summary>
public class JurisdictionTests(DatabaseProvider provider) : AppFixture(provider)
{
    private Task<int> JurisdictionCount() => App.QueryAsync(db => db.Jurisdictions.CountAsync());

    [Test]
    public async Task Admin_AddsADistrictBelowItsCity_ThenImportsItsInstitutions_AndItIsAudited()
    {
        var admin = await As("admin");

        var created = await (await admin.PostAsJsonAsync("/api/jurisdictions", new { code = "SX-CZ-LZ", name = "长治市潞州区", parentCode = "SX-CZ" }))
            .ExpectAsync(HttpStatusCode.Created);
        var csv = "机构代码,机构名称,简称,机构类型,机构类别,上级机构代码,是否法人,所属辖区代码,联系人,联系电话,电子邮箱\n"
            + "LZ-RCB,山西潞州农村商业银行股份有限公司,潞州农商行,银行,农商行,,是,长治市潞州区,李四,0355-2222222,ls@example.com\n";
        using var upload = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        upload.Add(file, "file", "潞州区机构.csv");
        await (await admin.PostAsync("/api/institutions/import", upload)).ExpectAsync(HttpStatusCode.OK);

        var stored = await App.QueryAsync(db => db.Jurisdictions.Where(j => j.Code == "SX-CZ-LZ").Select(j => new { j.Name, j.Path, Parent = j.Parent!.Code }).SingleAsync());
        var bank = await App.QueryAsync(db => db.Institutions.Where(i => i.Code == "LZ-RCB").Select(i => i.Jurisdiction.Code).SingleAsync());
        var audited = await App.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.JurisdictionCreated && a.Target == "SX-CZ-LZ" && a.UserName == "admin"));
        Assert.Multiple(() =>
        {
            Assert.That(created.GetProperty("path").GetString(), Is.EqualTo("/CN/SX/SX-CZ/SX-CZ-LZ/"));
            Assert.That(stored.Name, Is.EqualTo("长治市潞州区"));
            Assert.That(stored.Path, Is.EqualTo("/CN/SX/SX-CZ/SX-CZ-LZ/"));
            Assert.That(stored.Parent, Is.EqualTo("SX-CZ"));
            Assert.That(bank, Is.EqualTo("SX-CZ-LZ"), "the new district's institutions import by its name");
            Assert.That(audited, Is.True);
        });
    }

    [Test]
    public async Task BadInput_AndAnAreaTheSupervisorDoesNotOversee_AreRefusedField_ByField_AndNothingIsStored()
    {
        var before = await JurisdictionCount();
        var supervisor = await As("supervisor");
        var admin = await As("admin");

        var outside = await (await supervisor.PostAsJsonAsync("/api/jurisdictions", new { code = "SH-PD", name = "上海市浦东新区", parentCode = "SH" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        var bad = await (await admin.PostAsJsonAsync("/api/jurisdictions", new { code = "sx cz", name = " ", parentCode = "NOPE" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        var taken = await (await admin.PostAsJsonAsync("/api/jurisdictions", new { code = "SX-CZ-SD", name = "长治市上党区", parentCode = "SX-CZ" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest);
        var reporter = await (await As("SD-ICBC-reporter")).PostAsJsonAsync("/api/jurisdictions", new { code = "SX-CZ-X", name = "某区", parentCode = "SX-CZ" });

        Assert.Multiple(async () =>
        {
            Assert.That(outside.GetProperty("errors").GetProperty("parentCode")[0].GetString(), Does.Contain("只能在本辖区"));
            Assert.That(bad.GetProperty("errors").GetProperty("code")[0].GetString(), Does.Contain("大写字母"));
            Assert.That(bad.GetProperty("errors").GetProperty("name")[0].GetString(), Does.Contain("请填写辖区名称"));
            Assert.That(bad.GetProperty("errors").GetProperty("parentCode")[0].GetString(), Does.Contain("不存在"));
            Assert.That(taken.GetProperty("errors").GetProperty("code")[0].GetString(), Does.Contain("已被使用"));
            Assert.That(taken.GetProperty("errors").GetProperty("name")[0].GetString(), Does.Contain("已有名为"));
            Assert.That(reporter.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await JurisdictionCount(), Is.EqualTo(before));
        });
    }
}
