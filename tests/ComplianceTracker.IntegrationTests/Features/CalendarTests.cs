using System.Text;
using ComplianceTracker.Web.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceTracker.IntegrationTests.Features;

/// <summary>The holiday calendar as data: seeded, read by everyone, replaced by admins, used by the deadline engine at once.</summary>
public class CalendarTests(DatabaseProvider provider) : AppFixture(provider)
{
    [Test]
    public async Task Get_SeededYear_ListsHolidaysAndMakeUpDays()
    {
        var days = await (await (await As("SD-ICBC-reporter")).GetAsync("/api/calendar/2026")).ExpectAsync(HttpStatusCode.OK);
        var byDate = days.EnumerateArray().ToDictionary(d => d.GetProperty("date").GetString()!, d => d.GetProperty("kind").GetString());

        Assert.Multiple(() =>
        {
            Assert.That(byDate["2026-10-01"], Is.EqualTo("Holiday"));
            Assert.That(byDate["2026-10-10"], Is.EqualTo("Workday"));
            Assert.That(byDate.ContainsKey("2026-10-12"), Is.False, "an ordinary Monday is not listed");
        });
    }

    [Test]
    public async Task Put_ByASupervisor_Returns403()
    {
        var supervisor = await As("supervisor");

        await (await supervisor.PutAsJsonAsync("/api/calendar/2027", new[] { new { date = "2027-01-01", kind = "Holiday", name = "元旦" } })).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Put_AWeekdayAsMakeUpDay_Returns400AndChangesNothing()
    {
        var admin = await As("admin");
        var before = await App.QueryAsync(db => db.CalendarDays.CountAsync(d => d.Year == 2026));

        var problem = await (await admin.PutAsJsonAsync("/api/calendar/2026", new[]
        {
            new { date = "2026-10-01", kind = "Holiday", name = "国庆节" },
            new { date = "2026-10-14", kind = "Workday", name = "国庆节调休上班" },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("errors").GetProperty("days[1]")[0].GetString(), Does.Contain("星期三"));
            Assert.That(await App.QueryAsync(db => db.CalendarDays.CountAsync(d => d.Year == 2026)), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Put_CsvWithABadLine_Returns400NamingTheLine()
    {
        var admin = await As("admin");

        var problem = await (await admin.PutAsync("/api/calendar/2028", new StringContent("date,kind,name\n2028-01-01,Holiday,元旦\n2028-01-02;Holiday\n", Encoding.UTF8, "text/csv"))).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("errors").GetProperty("line3")[0].GetString(), Does.Contain("第 3 行"));
            Assert.That(await App.QueryAsync(db => db.CalendarDays.CountAsync(d => d.Year == 2028)), Is.Zero);
        });
    }

    private static ByteArrayContent Xlsx(Action<ClosedXML.Excel.IXLWorksheet> fill)
    {
        using var workbook = new ClosedXML.Excel.XLWorkbook();
        fill(workbook.AddWorksheet("2031"));
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        var content = new ByteArrayContent(stream.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return content;
    }

    [Test]
    public async Task Put_Excel_WithDateCellsAndChineseKinds_ReplacesTheYear()
    {
        var admin = await As("admin");
        var upload = Xlsx(sheet =>
        {
            sheet.Cell(1, 1).Value = "日期";
            sheet.Cell(1, 2).Value = "类型";
            sheet.Cell(1, 3).Value = "名称";
            sheet.Cell(2, 1).Value = new DateTime(2031, 1, 1);
            sheet.Cell(2, 2).Value = "放假";
            sheet.Cell(2, 3).Value = "元旦";
            sheet.Cell(3, 1).Value = "2031/1/26";
            sheet.Cell(3, 2).Value = "调休上班";
            sheet.Cell(3, 3).Value = "春节调休上班";
        });

        await (await admin.PutAsync("/api/calendar/2031", upload)).ExpectAsync(HttpStatusCode.OK);

        var days = await (await admin.GetAsync("/api/calendar/2031")).ExpectAsync(HttpStatusCode.OK);
        Assert.That(days.EnumerateArray().Select(d => (d.GetProperty("date").GetString(), d.GetProperty("kind").GetString(), d.GetProperty("name").GetString())),
            Is.EqualTo(new[] { ("2031-01-01", "Holiday", "元旦"), ("2031-01-26", "Workday", "春节调休上班") }));
    }

    [Test]
    public async Task Put_ExcelWithAnUnknownKind_Returns400NamingTheCell_AndSavesNothing()
    {
        var admin = await As("admin");
        var upload = Xlsx(sheet =>
        {
            sheet.Cell(1, 1).Value = new DateTime(2032, 1, 1);
            sheet.Cell(1, 2).Value = "Holiday";
            sheet.Cell(1, 3).Value = "元旦";
            sheet.Cell(2, 1).Value = new DateTime(2032, 2, 11);
            sheet.Cell(2, 2).Value = "休息";
            sheet.Cell(2, 3).Value = "春节";
        });

        var problem = await (await admin.PutAsync("/api/calendar/2032", upload)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        var notExcel = new ByteArrayContent(Encoding.UTF8.GetBytes("2032-01-01,Holiday,元旦"));
        notExcel.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var refused = await (await admin.PutAsync("/api/calendar/2032", notExcel)).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("errors").GetProperty("2031!B2")[0].GetString(), Does.Contain("休息").And.Contain("调休上班"));
            Assert.That(refused.GetProperty("errors").GetProperty("file")[0].GetString(), Does.Match("[\u4e00-\u9fff]"));
            Assert.That(await App.QueryAsync(db => db.CalendarDays.CountAsync(d => d.Year == 2032)), Is.Zero);
        });
    }

    [Test]
    public async Task Put_CsvSavedAsGbk_Returns400SayingToSaveAsUtf8()
    {
        var admin = await As("admin");
        var gbk = new byte[] { 0x32, 0x30, 0x32, 0x39, 0x2D, 0x30, 0x31, 0x2D, 0x30, 0x31, 0x2C, 0x48, 0x6F, 0x6C, 0x69, 0x64, 0x61, 0x79, 0x2C, 0xD4, 0xAA, 0xB5, 0xA9, 0x0A };

        var content = new ByteArrayContent(gbk);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var problem = await (await admin.PutAsync("/api/calendar/2029", content)).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("errors").GetProperty("file")[0].GetString(), Does.Contain("UTF-8"));
            Assert.That(await App.QueryAsync(db => db.CalendarDays.CountAsync(d => d.Year == 2029)), Is.Zero);
        });
    }

    [Test]
    public async Task Put_NextYearByCsv_IsUsedByTheNextDeadlineAtOnce()
    {
        var admin = await As("admin");
        const string Csv = "date,kind,name\n2027-01-01,Holiday,元旦\n2027-01-04,Holiday,测试假日\n";

        var saved = await (await admin.PutAsync("/api/calendar/2027", new StringContent(Csv, Encoding.UTF8, "text/csv"))).ExpectAsync(HttpStatusCode.OK);

        // Issued 2026-12-25, ten days → 2027-01-04, now a holiday → 2027-01-05.
        var created = await (await admin.PostAsJsonAsync("/api/circulars", new
        {
            documentNumber = "长市金发〔2026〕9号",
            title = "关于报送年度工作总结的通知",
            issuers = new[] { "长治市金融工作办公室" },
            issuedOn = "2026-12-25",
            jurisdictionCode = "SX-CZ-SD",
            text = "各银行机构：请于文发之后十日内报送年度工作总结。",
            requirements = new[]
            {
                new
                {
                    clause = "正文", text = "请于文发之后十日内报送年度工作总结。", kind = "Deadline",
                    dueRule = new { frequency = "Once", anchor = "IssueDate", offset = 10, unit = "NaturalDays" },
                    appliesTo = new { institutionTypes = new[] { "Bank" }, legalEntitiesOnly = false },
                },
            },
        })).ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        await (await admin.PostAsync($"/api/circulars/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var item = (await (await admin.GetAsync($"/api/obligations?circularId={id}&institution=SD-ICBC")).ExpectAsync(HttpStatusCode.OK)).EnumerateArray().Single();

        Assert.Multiple(() =>
        {
            Assert.That(saved.GetArrayLength(), Is.EqualTo(2));
            Assert.That(item.GetProperty("dueAt").GetString(), Does.StartWith("2027-01-05T"));
            Assert.That(item.GetProperty("dueExplanation").GetString(), Does.Contain("2027-01-04（星期一，测试假日）"));
        });
    }
}

/// <summary>A change made on another server (straight into the table) reaches this server's calendar at the next check.</summary>
public class CalendarRefreshTests(DatabaseProvider provider) : AppFixture(provider)
{
    [Test]
    public async Task ChangeOnAnotherServer_IsPickedUpAtTheNextCheck()
    {
        var refresher = App.Services.GetRequiredService<ComplianceTracker.Web.Features.Calendar.CalendarRefresher>();
        var calendar = App.Services.GetRequiredService<ComplianceTracker.Web.Features.Calendar.HolidayCalendar>();
        var day = new DateOnly(2030, 6, 3);
        await refresher.CheckOnceAsync(CancellationToken.None);

        await App.QueryAsync(db =>
        {
            db.CalendarDays.Add(new CalendarDay { Date = day, Kind = CalendarDayKind.Holiday, Name = "测试假日", Year = 2030 });
            return db.SaveChangesAsync();
        });
        var before = calendar.IsWorkingDay(day);
        var changed = await refresher.CheckOnceAsync(CancellationToken.None);
        var unchanged = await refresher.CheckOnceAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.True, "a Monday, until the change is seen");
            Assert.That(changed, Is.True);
            Assert.That(calendar.IsWorkingDay(day), Is.False);
            Assert.That(unchanged, Is.False);
        });
    }
}
