namespace Leodis.Web.Trends;

/// <summary>A linear axis with round-numbered ticks (1, 2 or 5 times a power of ten), covering the data and the band.</summary>
public sealed record ChartScale(decimal Min, decimal Max, IReadOnlyList<decimal> Ticks)
{
    public static ChartScale For(IEnumerable<decimal> values, int tickCount = 5)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToList();
        var (low, high) = list.Count == 0 ? (0m, 1m) : (list.Min(), list.Max());
        if (low == high)
        {
            (low, high) = (low - Math.Max(1, Math.Abs(low) / 10), high + Math.Max(1, Math.Abs(high) / 10));
        }

        var rough = (double)(high - low) / Math.Max(1, tickCount - 1);
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = (decimal)((rough / power) switch { <= 1 => 1, <= 2 => 2, <= 5 => 5, _ => 10 } * power);
        var min = Math.Floor(low / step) * step;
        var max = Math.Ceiling(high / step) * step;
        var ticks = new List<decimal>();
        for (var tick = min; tick <= max; tick += step)
        {
            ticks.Add(tick);
        }

        return new ChartScale(min, max, ticks);
    }

    /// <summary>Where a value falls between 0 (at <see cref="Min"/>) and 1 (at <see cref="Max"/>).</summary>
    public double Fraction(decimal value) => Max == Min ? 0.5 : (double)((value - Min) / (Max - Min));
}
