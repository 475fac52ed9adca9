using ClosedXML.Excel;
using ComplianceTracker.Web.Features.FormAuthoring;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Excel;

namespace ComplianceTracker.UnitTests.FormAuthoring;

/// <summary>Statistics tables as regulators attach them, built here with ClosedXML, read into a proposed form.</summary>
public class StatisticsTableReaderTests
{
    private static FormProposal Read(Action<IXLWorksheet> build, string sheetName = "Sheet1")
    {
        using var workbook = new XLWorkbook();
        build(workbook.AddWorksheet(sheetName));
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        stream.Position = 0;
        return new StatisticsTableReader(new ImportLimits()).Read(stream);
    }

    private static List<IndicatorDefinition> All(FormProposal proposal) => proposal.Sections.SelectMany(s => s.Indicators).ToList();

    [Test]
    public void Read_TitleRowsTwoLevelHeaderUnitColumnAndMergedSections_ProposesSectionsInOrder()
    {
        var proposal = Read(ws =>
        {
            ws.Cell("A1").Value = "附件2";
            ws.Cell("A2").Value = "长治市上党区金融机构支持复工复产周报统计表";
            ws.Range("A2:F2").Merge();
            ws.Cell("A3").Value = "填报单位：（盖章）";
            ws.Cell("A4").Value = "序号";
            ws.Range("A4:A5").Merge();
            ws.Cell("B4").Value = "指 标 名 称";
            ws.Range("B4:B5").Merge();
            ws.Cell("C4").Value = "单位";
            ws.Range("C4:C5").Merge();
            ws.Cell("D4").Value = "填报数据";
            ws.Range("D4:E4").Merge();
            ws.Cell("D5").Value = "本周";
            ws.Cell("E5").Value = "上周";
            ws.Cell("F4").Value = "填报说明";
            ws.Range("F4:F5").Merge();
            ws.Cell("A6").Value = "一、各项贷款和重点项目";
            ws.Range("A6:F6").Merge();
            ws.Cell("A7").Value = 1;
            ws.Cell("B7").Value = "各项贷款余额";
            ws.Cell("C7").Value = "万元";
            ws.Cell("F7").Value = "报告期末本机构各项贷款余额。";
            ws.Cell("A8").Value = 2;
            ws.Cell("B8").Value = "重点项目贷款支持项目个数";
            ws.Cell("C8").Value = "个";
            ws.Cell("A9").Value = "二、普惠小微";
            ws.Range("A9:F9").Merge();
            ws.Cell("A10").Value = 3;
            ws.Cell("B10").Value = "普惠型小微企业贷款户数";
            ws.Cell("C10").Value = "户";
        });

        Assert.Multiple(() =>
        {
            Assert.That(proposal.Name, Is.EqualTo("长治市上党区金融机构支持复工复产周报统计表"));
            Assert.That(proposal.Sections.Select(s => s.Name), Is.EqualTo(new[] { "一、各项贷款和重点项目", "二、普惠小微" }));
            Assert.That(All(proposal).Select(i => (i.Name, i.Unit, i.Decimals)), Is.EqualTo(new[]
            {
                ("各项贷款余额", "万元", 2), ("重点项目贷款支持项目个数", "个", 0), ("普惠型小微企业贷款户数", "户", 0),
            }));
            Assert.That(All(proposal)[0].Note, Is.EqualTo("报告期末本机构各项贷款余额。"));
            Assert.That(All(proposal).Select(i => i.Code), Is.EqualTo(new[] { "A01", "A02", "B01" }));
        });
    }

    [Test]
    public void Read_UnitsInNamesAndNumberedSectionRows_StripsUnitsAndNumbering()
    {
        var proposal = Read(ws =>
        {
            ws.Cell("A1").Value = "普惠金融月报表";
            ws.Cell("A2").Value = "项目";
            ws.Cell("B2").Value = "本月";
            ws.Cell("A3").Value = "一、小微企业";
            ws.Cell("A4").Value = "1.小微企业贷款余额（万元）";
            ws.Cell("A5").Value = "（2）小微企业贷款户数(户)";
            ws.Cell("A6").Value = "其中：首贷户贷款余额（万元）";
            ws.Cell("A7").Value = "二、资产质量";
            ws.Cell("A8").Value = "不良贷款率（％）";
            ws.Cell("A10").Value = "填报说明：";
            ws.Cell("A11").Value = "1.小微企业贷款余额：按人民银行口径填报。";
        });

        Assert.Multiple(() =>
        {
            Assert.That(proposal.Name, Is.EqualTo("普惠金融月报表"));
            Assert.That(proposal.Sections.Select(s => s.Name), Is.EqualTo(new[] { "一、小微企业", "二、资产质量" }));
            Assert.That(All(proposal).Select(i => (i.Name, i.Unit)), Is.EqualTo(new[]
            {
                ("小微企业贷款余额", "万元"), ("小微企业贷款户数", "户"), ("首贷户贷款余额", "万元"), ("不良贷款率", "%"),
            }));
            Assert.That(All(proposal)[0].Note, Is.EqualTo("按人民银行口径填报。"));
        });
    }

    [Test]
    public void Read_TwoMeasureColumnsUnderOneHeader_MakesOneIndicatorPerRowAndMeasure()
    {
        var proposal = Read(ws =>
        {
            ws.Cell("A1").Value = "涉农贷款情况表";
            ws.Cell("A2").Value = "单位：万元";
            ws.Cell("A3").Value = "指标";
            ws.Range("A3:A4").Merge();
            ws.Cell("B3").Value = "本周";
            ws.Range("B3:C3").Merge();
            ws.Cell("B4").Value = "余额";
            ws.Cell("C4").Value = "新发放额";
            ws.Cell("A5").Value = "涉农贷款";
            ws.Cell("A6").Value = "个体工商户贷款";
        });

        Assert.That(All(proposal).Select(i => (i.Name, i.Unit)), Is.EqualTo(new[]
        {
            ("涉农贷款余额", "万元"), ("涉农贷款新发放额", "万元"), ("个体工商户贷款余额", "万元"), ("个体工商户贷款新发放额", "万元"),
        }));
    }

    [Test]
    public void Read_TableWithoutIndicators_RefusedWithWhatWasLookedFor()
    {
        var refused = Assert.Throws<RuleViolationException>(() => Read(ws =>
        {
            ws.Cell("A1").Value = "会议签到表";
            ws.Cell("A2").Value = "姓名";
            ws.Cell("B2").Value = "签名";
            ws.Cell("A3").Value = "张三";
        }));

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Errors["file"], Is.EqualTo(new[] { StatisticsTableReader.NoIndicators }));
            Assert.That(refused.Message, Does.Contain("指标名称").And.Contain("单位").And.Contain("（万元）"));
        });
    }

    [Test]
    public void Read_NotAWorkbook_RefusedBeforeOpening()
    {
        using var stream = new MemoryStream("这不是表格"u8.ToArray());

        var refused = Assert.Throws<RuleViolationException>(() => new StatisticsTableReader(new ImportLimits()).Read(stream));

        Assert.That(refused!.Errors["file"][0], Does.Contain("不是 Excel 工作簿"));
    }
}
