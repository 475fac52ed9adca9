using ComplianceTracker.Web.Domain;

namespace ComplianceTracker.Web.Data.Seeding;

/// <summary>
/// Plausible weekly figures for one demo bank, week after week: balances (余额) grow by exactly the week's new
/// lending (本周…新发放额) of the same stem, and every balance grows at the same weekly rate, so part-balances stay
/// well below 各项贷款余额 and each week's new lending below the total's; counts are whole, ratios small.
/// Indicators pair by code stem: <c>PHXW_NEW</c> feeds <c>PHXW_BAL</c>.
/// </summary>
public sealed class DemoFigures
{
    private readonly IReadOnlyList<Indicator> indicators;
    private readonly int bank;
    private readonly Dictionary<string, decimal> stocks = new(StringComparer.Ordinal);
    private int week;

    public DemoFigures(IReadOnlyList<Indicator> indicators, int bank)
    {
        this.indicators = indicators;
        this.bank = bank;
        var total = 400_000m + (bank * 120_000m);
        foreach (var indicator in indicators.Where(i => !IsFlow(i) && !IsRatio(i)))
        {
            stocks[indicator.Code] = IsCount(indicator)
                ? 40 + (bank * 15) + (Spread(indicator.Code) * 3)
                : IsTotal(indicator) ? total : Math.Round(total * (0.04m + (Spread(indicator.Code) / 100m)), 2);
        }
    }

    /// <summary>The next week's figures.</summary>
    public Dictionary<string, decimal?> Next()
    {
        var values = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        foreach (var flow in indicators.Where(IsFlow))
        {
            var stock = StockOf(flow);
            var amount = IsCount(flow)
                ? 1 + ((bank + week + Spread(flow.Code)) % 5)
                : Math.Round((stock is null ? 20_000m : stocks[stock.Code]) * (0.002m + (((bank + week) % 4) * 0.001m)), 2);
            values[flow.Code] = amount;
            if (stock is not null)
            {
                stocks[stock.Code] += amount;
            }
        }

        foreach (var indicator in indicators)
        {
            if (IsRatio(indicator))
            {
                values[indicator.Code] = Math.Round(1.2m + (bank * 0.25m) + (week * 0.03m) + (Spread(indicator.Code) * 0.05m), indicator.Decimals);
            }
            else if (!IsFlow(indicator))
            {
                values[indicator.Code] = Math.Round(stocks[indicator.Code], indicator.Decimals);
            }
        }

        week++;
        return indicators.ToDictionary(i => i.Code, i => values[i.Code]);
    }

    private Indicator? StockOf(Indicator flow)
    {
        var stem = Stem(flow.Code);
        return indicators.FirstOrDefault(i => !IsFlow(i) && !IsRatio(i) && IsCount(i) == IsCount(flow) && Stem(i.Code) == stem);
    }

    private static string Stem(string code) => code.Contains('_') ? code[..code.LastIndexOf('_')] : code;

    private static bool IsFlow(Indicator i) => i.Name.Contains("新增") || i.Name.Contains("本周");

    private static bool IsRatio(Indicator i) => i.Unit == "%";

    private static bool IsCount(Indicator i) => i.Unit is "户" or "笔" or "个" or "家";

    private static bool IsTotal(Indicator i) => i.Name.Contains("各项贷款") && !IsRatio(i) && !IsFlow(i) && !IsCount(i);

    private static int Spread(string code) => code.Sum(c => c) % 17;
}
