using ClosedXML.Excel;
using ComplianceTracker.Web.Data.Seeding;

namespace ComplianceTracker.IntegrationTests.Infrastructure;

/// <summary>
/// Statistics tables (统计表) as a regulator attaches them to a circular, for building forms from Excel. The 上党 weekly
/// table is modelled on 附件2 of 长上金发〔2022〕20号 (its title, 银行名称, a date line) with the body of the seeded
/// SD-WEEKLY form: merged section rows, a two-level header, amounts with "（万元）" in the name, other units in the 单位
/// column, and the 口径 in a 填报说明 column.
/// </summary>
public static class StatisticsTables
{
    public static FormSeed ShangdangSeed() => SeedFiles.Default().Forms().Single(f => f.Code == "SD-WEEKLY");

    public static byte[] Shangdang()
    {
        var seed = ShangdangSeed();
        using var workbook = new XLWorkbook();
        var ws = workbook.AddWorksheet("周报");
        ws.Cell("A1").Value = "附件2";
        ws.Cell("A2").Value = seed.Name;
        ws.Range("A2:F2").Merge();
        ws.Cell("A3").Value = "银行名称：";
        ws.Cell("E3").Value = "日 月 年";
        ws.Cell("A4").Value = "序号";
        ws.Range("A4:A5").Merge();
        ws.Cell("B4").Value = "指标名称";
        ws.Range("B4:B5").Merge();
        ws.Cell("C4").Value = "单位";
        ws.Range("C4:C5").Merge();
        ws.Cell("D4").Value = "填报数据";
        ws.Range("D4:E4").Merge();
        ws.Cell("D5").Value = "本周";
        ws.Cell("E5").Value = "上周";
        ws.Cell("F4").Value = "填报说明";
        ws.Range("F4:F5").Merge();
        var row = 6;
        var number = 0;
        foreach (var section in seed.Sections)
        {
            ws.Cell(row, 1).Value = section.Name;
            ws.Range(row, 1, row, 6).Merge();
            row++;
            foreach (var indicator in section.Indicators)
            {
                ws.Cell(row, 1).Value = ++number;
                if (indicator.Unit == "万元")
                {
                    ws.Cell(row, 2).Value = $"{indicator.Name}（万元）";
                }
                else
                {
                    ws.Cell(row, 2).Value = indicator.Name;
                    ws.Cell(row, 3).Value = indicator.Unit;
                }

                ws.Cell(row, 6).Value = indicator.Note;
                row++;
            }
        }

        ws.Cell(row + 1, 1).Value = "填表人：";
        ws.Cell(row + 1, 4).Value = "联系电话：";
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>A sheet with a table but nothing that reads as indicators (a sign-in sheet).</summary>
    public static byte[] WithoutIndicators()
    {
        using var workbook = new XLWorkbook();
        var ws = workbook.AddWorksheet("签到");
        ws.Cell("A1").Value = "会议签到表";
        ws.Cell("A2").Value = "姓名";
        ws.Cell("B2").Value = "单位";
        ws.Cell("A3").Value = "张三";
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>
    /// Registers and publishes a circular of the 上党 district whose one requirement is a weekly report (周报制, due
    /// Monday 12:00) with no form yet, as <paramref name="supervisor"/>; returns its id.
    /// </summary>
    public static async Task<int> PublishWeeklyCircularAsync(HttpClient supervisor, string number, string title = "关于金融机构支持复工复产实行周报制的通知")
    {
        var created = await (await supervisor.PostAsJsonAsync("/api/circulars", new
        {
            documentNumber = number,
            title,
            issuers = new[] { "长治市上党区政府金融工作中心" },
            issuedOn = "2026-11-02",
            validityMonths = 6,
            text = "各银行机构：自发布之日起6个月内实行“周报制”，每周一12:00前报送上周数据。附件：周报统计表",
            requirements = new[]
            {
                new
                {
                    clause = "正文",
                    text = "实行“周报制”，每周一12:00前报送上周数据。",
                    kind = "RecurringReport",
                    dueRule = new { frequency = "Weekly", anchor = "PeriodEnd", offset = 1, unit = "NaturalDays", timeOfDay = "12:00", source = "实行“周报制”" },
                    appliesTo = new { institutionTypes = new[] { "Bank" }, legalEntitiesOnly = false, text = "各银行机构" },
                },
            },
        })).ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        await (await supervisor.PostAsync($"/api/circulars/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        return id;
    }

    public static MultipartFormDataContent Upload(byte[] bytes, string fileName = "统计表.xlsx")
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        content.Add(file, "file", fileName);
        return content;
    }
}
