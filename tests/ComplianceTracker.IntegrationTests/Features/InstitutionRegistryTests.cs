using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using ClosedXML.Excel;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>The institution registry: create, edit, move, deactivate, and the all-or-nothing Excel/CSV import.</summary>
public class InstitutionRegistryTests(DatabaseProvider provider) : AppFixture(provider)
{
    private static readonly string[] Header = ["机构代码", "机构名称", "简称", "机构类型", "机构类别", "上级机构代码", "是否法人", "所属辖区代码", "联系人", "联系电话", "电子邮箱"];

    static InstitutionRegistryTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private int QueuedRefreshes() => App.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 10_000)
        .Count(j => j.Value.Job?.Type == typeof(RefreshSchedulesJob));

    private Task<int> InstitutionCount() => App.QueryAsync(db => db.Institutions.CountAsync());

    private Task<string> PathOf(string code) => App.QueryAsync(db => db.Institutions.Where(i => i.Code == code).Select(i => i.Path).SingleAsync());

    private static object NewBank(string code, string name, string? parentCode = null, string jurisdictionCode = "SX-CZ-SD") => new
    {
        code,
        name,
        shortName = name.Length > 8 ? name[..8] : name,
        type = "Bank",
        category = "RuralCommercialBank",
        parentCode,
        isLegalEntity = parentCode is null,
        jurisdictionCode,
        contactName = "张三",
        contactPhone = "0355-1234567",
        contactEmail = "zhangsan@example.com",
    };

    [Test]
    public async Task Create_ThenEdit_SavesEveryFieldAndAudits()
    {
        var supervisor = await As("supervisor");

        var created = await (await supervisor.PostAsJsonAsync("/api/institutions", NewBank("T-CREATE", "上党测试农商银行"))).ExpectAsync(HttpStatusCode.Created);
        var edited = await (await supervisor.PutAsJsonAsync("/api/institutions/T-CREATE", new
        {
            name = "上党测试农村商业银行股份有限公司",
            shortName = "上党测试农商行",
            type = "Bank",
            category = "VillageBank",
            parentCode = (string?)null,
            isLegalEntity = true,
            jurisdictionCode = "SX-CZ-SD",
            contactName = "李四",
            contactPhone = "13800138000",
            contactEmail = "lisi@example.com",
        })).ExpectAsync(HttpStatusCode.OK);
        var audited = await App.QueryAsync(db => db.AuditEntries.Where(a => a.Target == "T-CREATE").Select(a => a.Action).ToListAsync());

        Assert.Multiple(() =>
        {
            Assert.That(created.GetProperty("categoryName").GetString(), Is.EqualTo("农村商业银行"));
            Assert.That(created.GetProperty("jurisdictionName").GetString(), Is.EqualTo("长治市上党区"));
            Assert.That(edited.GetProperty("displayShortName").GetString(), Is.EqualTo("上党测试农商行"));
            Assert.That(edited.GetProperty("categoryName").GetString(), Is.EqualTo("村镇银行"));
            Assert.That(edited.GetProperty("contactPhone").GetString(), Is.EqualTo("13800138000"));
            Assert.That(audited, Is.EquivalentTo(new[] { AuditActions.InstitutionCreated, AuditActions.InstitutionUpdated }));
        });
    }

    [Test]
    public async Task Create_DuplicateCodeAndMissingName_Returns400NamingBothFields()
    {
        var supervisor = await As("supervisor");
        var before = await InstitutionCount();

        var problem = await (await supervisor.PostAsJsonAsync("/api/institutions", NewBank("SD-ICBC", " "))).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("errors").GetProperty("code")[0].GetString(), Does.Contain("已被使用"));
            Assert.That(problem.GetProperty("errors").GetProperty("name")[0].GetString(), Does.Contain("机构名称不能为空"));
            Assert.That(await InstitutionCount(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Move_ToAnotherParent_RewritesThePathOfItAndItsDescendants_AndACycleIsRefused()
    {
        var supervisor = await As("supervisor");
        await (await supervisor.PostAsJsonAsync("/api/institutions", NewBank("T-MOVE-A", "移动测试甲支行", "ICBC"))).ExpectAsync(HttpStatusCode.Created);
        await (await supervisor.PostAsJsonAsync("/api/institutions", NewBank("T-MOVE-B", "移动测试乙分理处", "T-MOVE-A"))).ExpectAsync(HttpStatusCode.Created);
        await (await supervisor.PostAsJsonAsync("/api/institutions", NewBank("T-MOVE-C", "移动测试丙储蓄所", "T-MOVE-B"))).ExpectAsync(HttpStatusCode.Created);

        await (await supervisor.PutAsJsonAsync("/api/institutions/T-MOVE-A", NewBank("T-MOVE-A", "移动测试甲支行", "SD-RCB"))).ExpectAsync(HttpStatusCode.OK);
        var cycle = await (await supervisor.PutAsJsonAsync("/api/institutions/T-MOVE-A", NewBank("T-MOVE-A", "移动测试甲支行", "T-MOVE-C"))).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Multiple(async () =>
        {
            Assert.That(await PathOf("T-MOVE-A"), Is.EqualTo("/SD-RCB/T-MOVE-A/"));
            Assert.That(await PathOf("T-MOVE-C"), Is.EqualTo("/SD-RCB/T-MOVE-A/T-MOVE-B/T-MOVE-C/"));
            Assert.That(cycle.GetProperty("errors").GetProperty("parentCode")[0].GetString(), Does.Contain("循环"));
        });
    }

    [Test]
    public async Task Supervisor_OutsideTheirJurisdiction_IsRefused()
    {
        var supervisor = await As("supervisor");
        var before = await InstitutionCount();

        var create = await (await supervisor.PostAsJsonAsync("/api/institutions", NewBank("T-WZ", "温州测试银行", null, "ZJ-WZ"))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await supervisor.PutAsJsonAsync("/api/institutions/WZ-WZB", NewBank("WZ-WZB", "温州银行", null, "ZJ-WZ"))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await supervisor.PostAsync("/api/institutions/WZ-WZB/deactivate", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await (await As("SD-ICBC-reporter")).PostAsJsonAsync("/api/institutions", NewBank("T-REP", "报送员建的机构"))).ExpectProblemAsync(HttpStatusCode.Forbidden);

        Assert.Multiple(async () =>
        {
            Assert.That(create.GetProperty("errors").GetProperty("jurisdictionCode")[0].GetString(), Does.Contain("无权管理辖区“温州市”"));
            Assert.That(await App.QueryAsync(db => db.Institutions.Where(i => i.Code == "WZ-WZB").Select(i => i.IsActive).SingleAsync()), Is.True);
            Assert.That(await InstitutionCount(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Deactivated_GetsNoNewObligationsOnPublish_WhileANewInstitutionIsBoundAtOnce()
    {
        var supervisor = await As("supervisor-sh");
        await (await supervisor.PostAsJsonAsync("/api/institutions", NewBank("T-SH-ACTIVE", "上海测试甲银行", null, "SH"))).ExpectAsync(HttpStatusCode.Created);
        await (await supervisor.PostAsJsonAsync("/api/institutions", NewBank("T-SH-GONE", "上海测试乙银行", null, "SH"))).ExpectAsync(HttpStatusCode.Created);
        var deactivated = await (await supervisor.PostAsync("/api/institutions/T-SH-GONE/deactivate", null)).ExpectAsync(HttpStatusCode.OK);
        var circular = await App.QueryAsync(db => db.Circulars.Where(c => c.DocumentNumber == "沪银保监发〔2023〕24号").Select(c => c.Id).SingleAsync());

        await (await supervisor.PostAsync($"/api/circulars/{circular}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var queuedBefore = QueuedRefreshes();
        await (await supervisor.PostAsJsonAsync("/api/institutions", NewBank("T-SH-LATE", "上海测试丙银行", null, "SH"))).ExpectAsync(HttpStatusCode.Created);
        var queuedAfter = QueuedRefreshes();
        await App.RunAsync<RefreshSchedulesJob, bool>(async job =>
        {
            await job.RunAsync(CancellationToken.None);
            return true;
        });

        int Obligations(ComplianceDbContext db, string code) => db.Obligations.Count(o => o.Requirement.CircularId == circular && o.Institution.Code == code);
        var counts = await App.QueryAsync(db => Task.FromResult((Active: Obligations(db, "T-SH-ACTIVE"), Gone: Obligations(db, "T-SH-GONE"), Late: Obligations(db, "T-SH-LATE"))));
        Assert.Multiple(() =>
        {
            Assert.That(deactivated.GetProperty("isActive").GetBoolean(), Is.False);
            Assert.That(counts.Active, Is.GreaterThan(0));
            Assert.That(counts.Gone, Is.Zero, "a deactivated institution is bound to nothing new");
            Assert.That(queuedAfter, Is.EqualTo(queuedBefore + 1), "registering queues the refresh that binds it");
            Assert.That(counts.Late, Is.EqualTo(counts.Active), "an institution registered after publishing is bound by the queued refresh");
        });
    }

    [Test]
    public async Task List_FilteredAndPaged_GivesTheTotalInAHeader()
    {
        var admin = await As("admin");

        var response = await admin.GetAsync("/api/institutions?jurisdiction=SX-CZ-SD&type=Bank&page=1&pageSize=3");
        var page = await response.ExpectAsync(HttpStatusCode.OK);
        var all = await App.QueryAsync(db => db.Institutions.CountAsync(i => i.Jurisdiction.Path.StartsWith("/CN/SX/SX-CZ/SX-CZ-SD/") && i.Type == InstitutionType.Bank));
        var search = await (await admin.GetAsync("/api/institutions?q=" + Uri.EscapeDataString("上党农村商业"))).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(page.GetArrayLength(), Is.EqualTo(3));
            Assert.That(response.Headers.GetValues("X-Total-Count").Single(), Is.EqualTo(all.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(search.Strings("code"), Does.Contain("SD-RCB"));
        });
    }

    // ---- Import ----

    private static List<string[]> GeneratedRows(string prefix, int count, string jurisdiction = "SX-CZ-SD")
    {
        var rows = new List<string[]>();
        for (var i = 1; i <= count; i++)
        {
            // Every tenth row is a legal entity; the others are its branches, listed BEFORE it (parents may come later).
            var entity = $"{prefix}-{((i - 1) / 10 * 10) + 10:D4}";
            var code = $"{prefix}-{i:D4}";
            var isEntity = i % 10 == 0;
            rows.Add([code, $"测试机构{prefix}{i}号", $"测试{i}", "银行", isEntity ? "农商行" : "村镇银行", isEntity ? "" : entity, isEntity ? "是" : "否", jurisdiction, "王五", "0355-7654321", $"u{i}@example.com"]);
        }

        return rows;
    }

    private static byte[] Xlsx(IEnumerable<string[]> rows, Action<XLWorkbook>? tweak = null)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("机构名录");
        var r = 1;
        foreach (var row in rows.Prepend(Header))
        {
            for (var c = 0; c < row.Length; c++)
            {
                sheet.Cell(r, c + 1).SetValue(row[c]);
            }

            r++;
        }

        tweak?.Invoke(workbook);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static MultipartFormDataContent Upload(byte[] bytes, string fileName)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private async Task<JsonElement> ImportAsync(byte[] bytes, string fileName = "机构.xlsx", string user = "supervisor") =>
        await (await (await As(user)).PostAsync("/api/institutions/import", Upload(bytes, fileName))).ExpectAsync(HttpStatusCode.OK);

    /// <summary>Asserts the upload is refused with 400, naming each expected key, and that no institution was stored or changed.</summary>
    private async Task<JsonElement> RefusedAsync(byte[] bytes, string fileName, params string[] keys)
    {
        var before = await App.QueryAsync(db => db.Institutions.OrderBy(i => i.Code).Select(i => i.Code + i.Name + i.Path).ToListAsync());
        var problem = await (await (await As("supervisor")).PostAsync("/api/institutions/import", Upload(bytes, fileName))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        var after = await App.QueryAsync(db => db.Institutions.OrderBy(i => i.Code).Select(i => i.Code + i.Name + i.Path).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(errors.EnumerateObject().Select(e => e.Name), Is.SupersetOf(keys), errors.ToString());
            foreach (var message in errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray()))
            {
                Assert.That(message.GetString(), Does.Match("[\u4e00-\u9fff]"), "every message in Chinese");
            }

            Assert.That(after, Is.EqualTo(before), "nothing stored");
        });
        return errors;
    }

    [Test]
    public async Task Import_200Rows_CreatesThem_ThenTheSameFileChangesNothing_ThenAnEditedFileUpdates()
    {
        var rows = GeneratedRows("IMP", 200);
        var before = await InstitutionCount();

        var first = await ImportAsync(Xlsx(rows));
        var second = await ImportAsync(Xlsx(rows));
        rows[4][2] = "改过的简称";
        rows[7][9] = "13900000000";
        var third = await ImportAsync(Xlsx(rows));

        Assert.Multiple(async () =>
        {
            Assert.That((first.GetProperty("created").GetInt32(), first.GetProperty("updated").GetInt32(), first.GetProperty("unchanged").GetInt32()), Is.EqualTo((200, 0, 0)));
            Assert.That((second.GetProperty("created").GetInt32(), second.GetProperty("updated").GetInt32(), second.GetProperty("unchanged").GetInt32()), Is.EqualTo((0, 0, 200)));
            Assert.That((third.GetProperty("created").GetInt32(), third.GetProperty("updated").GetInt32(), third.GetProperty("unchanged").GetInt32()), Is.EqualTo((0, 2, 198)));
            Assert.That(await InstitutionCount(), Is.EqualTo(before + 200));
            Assert.That(await PathOf("IMP-0001"), Is.EqualTo("/IMP-0010/IMP-0001/"), "a parent listed after its branch");
            Assert.That(await App.QueryAsync(db => db.Institutions.Where(i => i.Code == "IMP-0005").Select(i => i.ShortName).SingleAsync()), Is.EqualTo("改过的简称"));
            Assert.That(await App.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.InstitutionsImported)), Is.GreaterThanOrEqualTo(3));
        });
    }

    [Test]
    public async Task Import_Gb18030CsvWithoutBom_And_Utf8CsvWithBom_And_Gb18030WithBom_AreAccepted()
    {
        static string Csv(string prefix) => string.Join("\r\n", new[] { Header }.Concat(GeneratedRows(prefix, 10)).Select(r => string.Join(",", r))) + "\r\n"; // ten rows: branches, then their legal entity
        var gb = Encoding.GetEncoding("GB18030");

        var gbNoBom = await ImportAsync(gb.GetBytes(Csv("GBA")), "机构.csv");
        var utf8Bom = await ImportAsync([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Csv("UTF"))], "机构.csv");
        var gbBom = await ImportAsync([0x84, 0x31, 0x95, 0x33, .. gb.GetBytes(Csv("GBB"))], "机构.csv");

        Assert.Multiple(async () =>
        {
            Assert.That(gbNoBom.GetProperty("created").GetInt32(), Is.EqualTo(10));
            Assert.That(utf8Bom.GetProperty("created").GetInt32(), Is.EqualTo(10));
            Assert.That(gbBom.GetProperty("created").GetInt32(), Is.EqualTo(10));
            Assert.That(await App.QueryAsync(db => db.Institutions.Where(i => i.Code == "GBA-0001").Select(i => i.Name).SingleAsync()), Is.EqualTo("测试机构GBA1号"));
            Assert.That(await App.QueryAsync(db => db.Institutions.Where(i => i.Code == "GBB-0002").Select(i => i.Name).SingleAsync()), Is.EqualTo("测试机构GBB2号"));
        });
    }

    [Test]
    public async Task Import_DuplicateCodes_NamesTheSecondOccurrence()
    {
        var rows = GeneratedRows("DUP", 10);
        rows[6][0] = "DUP-0003";
        var errors = await RefusedAsync(Xlsx(rows), "机构.xlsx", "A8");
        Assert.That(errors.GetProperty("A8")[0].GetString(), Does.Contain("第 8 行").And.Contain("第 4 行"));
    }

    [Test]
    public async Task Import_Cycle_NamesEveryRowOfIt()
    {
        var rows = GeneratedRows("CYC", 10);
        rows[9][5] = "CYC-0001"; // the legal entity now sits below one of its branches
        await RefusedAsync(Xlsx(rows), "机构.xlsx", "F2", "F11");
    }

    [Test]
    public async Task Import_UnknownParent_WrongType_UnknownCategory_MissingName_TooLong_AllNamedAtOnce()
    {
        var rows = GeneratedRows("BAD", 10);
        rows[0][5] = "NO-SUCH-BANK";
        rows[1][3] = "信托公司";
        rows[2][4] = "典当行";
        rows[3][1] = "";
        rows[4][2] = new string('长', 51);
        rows[5][6] = "也许";
        rows[6][10] = "不是邮箱";
        var errors = await RefusedAsync(Xlsx(rows), "机构.xlsx", "F2", "D3", "E4", "B5", "C6", "G7", "K8");
        Assert.Multiple(() =>
        {
            Assert.That(errors.GetProperty("F2")[0].GetString(), Does.Contain("NO-SUCH-BANK").And.Contain("第 2 行"));
            Assert.That(errors.GetProperty("D3")[0].GetString(), Does.Contain("信托公司").And.Contain("银行"));
            Assert.That(errors.GetProperty("E4")[0].GetString(), Does.Contain("村镇银行"));
            Assert.That(errors.GetProperty("C6")[0].GetString(), Does.Contain("50"));
        });
    }

    [Test]
    public async Task Import_JurisdictionTheSupervisorMayNotManage_IsACellError()
    {
        var rows = GeneratedRows("JUR", 10);
        rows[2][7] = "ZJ-WZ";
        rows[3][7] = "温州市";
        rows[4][7] = "火星";
        var errors = await RefusedAsync(Xlsx(rows), "机构.xlsx", "H4", "H5", "H6");
        Assert.That(errors.GetProperty("H5")[0].GetString(), Does.Contain("无权管理辖区“温州市”"));
    }

    [Test]
    public async Task Import_Formula_IsRefusedByCell()
    {
        var bytes = Xlsx(GeneratedRows("FML", 10), wb => wb.Worksheet(1).Cell(3, 2).FormulaA1 = "\"公式\"&\"银行\"");
        var errors = await RefusedAsync(bytes, "机构.xlsx", "B3");
        Assert.That(errors.GetProperty("B3")[0].GetString(), Does.Contain("公式"));
    }

    [Test]
    public async Task Import_HiddenSheet_IsRefused()
    {
        var bytes = Xlsx(GeneratedRows("HID", 10), wb =>
        {
            var hidden = wb.AddWorksheet("备用");
            hidden.Cell(1, 1).Value = "X-1";
            hidden.Visibility = XLWorksheetVisibility.Hidden;
        });
        var errors = await RefusedAsync(bytes, "机构.xlsx", "file");
        Assert.That(errors.GetProperty("file")[0].GetString(), Does.Contain("隐藏的工作表“备用”"));
    }

    [Test]
    public async Task Import_200000Rows_IsRefusedQuicklyWithoutParsing()
    {
        var bytes = HugeSheet(200_000);
        var watch = Stopwatch.StartNew();
        var errors = await RefusedAsync(bytes, "机构.xlsx", "file");
        watch.Stop();
        Assert.Multiple(() =>
        {
            Assert.That(errors.GetProperty("file")[0].GetString(), Does.Contain("50,000 行"));
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), $"{watch.Elapsed}: bounded check, not a full parse");
        });
    }

    [Test]
    public async Task Import_EmptyFile_IsRefused()
    {
        var errors = await RefusedAsync([], "机构.xlsx", "file");
        Assert.That(errors.GetProperty("file")[0].GetString(), Does.Contain("空的"));
    }

    [Test]
    public async Task Import_HeaderOnly_IsRefused()
    {
        var errors = await RefusedAsync(Xlsx([]), "机构.xlsx", "file");
        Assert.That(errors.GetProperty("file")[0].GetString(), Does.Contain("没有机构数据"));
    }

    [Test]
    public async Task Import_TextFileRenamedXlsx_IsRefused()
    {
        var errors = await RefusedAsync(Encoding.UTF8.GetBytes("机构代码,机构名称\nX,Y\n"), "机构.xlsx", "file");
        Assert.That(errors.GetProperty("file")[0].GetString(), Does.Contain("不是 Excel 工作簿"));
    }

    [Test]
    public async Task Import_CsvWithAFormula_IsRefusedByCell()
    {
        var rows = GeneratedRows("CSVF", 3);
        rows[1][1] = "=HYPERLINK(\"http://x\")";
        var csv = string.Join("\n", new[] { Header }.Concat(rows).Select(r => string.Join(",", r.Select(c => "\"" + c.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""))));
        await RefusedAsync(Encoding.UTF8.GetBytes(csv), "机构.csv", "B3");
    }

    [Test]
    public async Task Template_HasTheChineseHeadersAndTheValidValues()
    {
        var response = await (await As("supervisor")).GetAsync("/api/institutions/template.xlsx");
        await response.ExpectAsync(HttpStatusCode.OK);
        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync());

        Assert.Multiple(() =>
        {
            Assert.That(workbook.Worksheet("机构名录").Row(1).Cells(1, 11).Select(c => c.GetString()), Is.EqualTo(Header));
            Assert.That(workbook.Worksheet("填写说明").CellsUsed().Select(c => c.GetString()), Does.Contain("农村商业银行").And.Contain("SX-CZ-SD — 长治市上党区"));
        });
    }

    /// <summary>A sheet of many rows written as a stream (the OpenXML SAX writer), in a few hundred milliseconds.</summary>
    private static byte[] HugeSheet(int rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(sheetPart))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                for (var r = 0; r <= rows; r++)
                {
                    writer.WriteStartElement(new Row());
                    var values = r == 0 ? Header : [$"H-{r}", $"机构{r}", "", "银行", "", "", "否", "SX-CZ-SD", "", "", ""];
                    foreach (var value in values)
                    {
                        writer.WriteElement(new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value)) });
                    }

                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            workbookPart.Workbook = new Workbook(new Sheets(new Sheet { Id = workbookPart.GetIdOfPart(sheetPart), SheetId = 1, Name = "机构名录" }));
        }

        return stream.ToArray();
    }

    [Test]
    public async Task RegistryPage_SecondPage_IsReadFromTheQueryString()
    {
        var supervisor = await As("supervisor");
        var prefix = $"T-PG{Random.Shared.Next(100, 999)}-";
        for (var n = 0; n < 55; n++)
        {
            await (await supervisor.PostAsJsonAsync("/api/institutions", NewBank($"{prefix}{n:00}", $"分页测试村镇银行{prefix}{n:00}"))).ExpectAsync(HttpStatusCode.Created);
        }

        var query = Uri.EscapeDataString(prefix);
        var first = await (await supervisor.GetAsync($"/institutions?q={query}")).Content.ReadAsStringAsync();
        var second = await (await supervisor.GetAsync($"/institutions?q={query}&page=2")).Content.ReadAsStringAsync();
        static List<string> Codes(string html) => System.Text.RegularExpressions.Regex.Matches(html, "<tr data-code=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(first, Does.Contain("符合条件的机构共 55 家").And.Contain("第 1 / 2 页"));
            Assert.That(second, Does.Contain("第 2 / 2 页"), "\"page\" is also the Razor route value; the page number comes from the query string");
            Assert.That(Codes(first), Has.Count.EqualTo(50));
            Assert.That(Codes(second), Has.Count.EqualTo(5));
            Assert.That(Codes(second).Intersect(Codes(first)), Is.Empty, "page 2 continues where page 1 stopped");
        });
    }
}

/// <summary>A fresh installation without the demo: jurisdictions are reference data, the sample institutions are not.</summary>
public class InstitutionSeedingTests
{
    [Test]
    public async Task Start_WithoutDemo_LoadsTheJurisdictionsButNoSampleInstitution()
    {
        await using var app = await ComplianceApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string> { ["Seed:Demo"] = "false" });

        var (jurisdictions, institutions) = await app.QueryAsync(async db => (await db.Jurisdictions.CountAsync(), await db.Institutions.CountAsync()));

        Assert.Multiple(() =>
        {
            Assert.That(jurisdictions, Is.GreaterThanOrEqualTo(7));
            Assert.That(institutions, Is.Zero, "the registry starts empty and is imported");
        });
    }

    [Test]
    public async Task Start_WithDemo_LoadsTheSampleInstitutionsWithShortNamesAndCategories()
    {
        await using var app = await ComplianceApp.StartAsync(DatabaseProvider.Sqlite);

        var icbc = await app.QueryAsync(db => db.Institutions.Where(i => i.Code == "SD-ICBC").Select(i => new { i.ShortName, i.Category }).SingleAsync());

        Assert.That((icbc.ShortName, icbc.Category), Is.EqualTo(("工行上党支行", (ComplianceTracker.Web.Domain.InstitutionCategory?)ComplianceTracker.Web.Domain.InstitutionCategory.LargeStateOwnedBank)));
    }
}
