namespace Leodis.Fhir.Search.Sql;

/// <summary>
/// date, number and quantity values with their prefixes (search.html#prefix). Dates compare ranges: a value's own
/// precision makes it a range, and so does the search value's.
/// </summary>
internal static class NumericConditions
{
    public static string Date(SqlParameters p, string value, string low = "x.low", string high = "x.high")
    {
        var (prefix, text) = SearchValue.Prefix(SearchValue.Unescape(value));
        if (!DateRange.TryParse(text, out var range))
        {
            throw FhirException.BadRequest($"'{text}' is not a date, dateTime or instant.");
        }

        var sl = p.Add(range.Low);
        var sh = p.Add(range.High);
        var eq = $"({low} >= {sl} AND {high} <= {sh})";
        return prefix switch
        {
            // low <= high, so "low <= sh" adds nothing to the meaning; it bounds the index range scan on (param, low).
            "eq" => $"({low} >= {sl} AND {low} <= {sh} AND {high} <= {sh})",
            "ne" => $"NOT {eq}",
            "gt" => $"{high} > {sh}",
            "lt" => $"{low} < {sl}",
            "ge" => $"({high} > {sh} OR {eq})",
            "le" => $"({low} < {sl} OR {eq})",
            "sa" => $"{low} >= {sh}",
            "eb" => $"{high} <= {sl}",
            _ => Approximately(p, range, low, high),
        };
    }

    public static string Number(SqlParameters p, string value, string column = "x.value")
    {
        var (prefix, text) = SearchValue.Prefix(SearchValue.Unescape(value));
        var number = SearchValue.ParseNumber(text, "value");
        var half = SearchValue.HalfPrecision(text);
        var v = p.Add((double)number);
        var (low, high) = ((double)(number - half), (double)(number + half));

        // Values are kept as doubles: at full precision the half-unit margin is below what a double holds, and then
        // "within precision" can only mean the same double.
        var equal = low < high ? $"({column} >= {p.Add(low)} AND {column} < {p.Add(high)})" : $"{column} = {v}";
        return prefix switch
        {
            "eq" => equal,
            "ne" => $"NOT {equal}",
            "gt" or "sa" => $"{column} > {v}",
            "lt" or "eb" => $"{column} < {v}",
            "ge" => $"{column} >= {v}",
            "le" => $"{column} <= {v}",
            _ => $"({column} >= {p.Add((double)(number - Math.Abs(number) / 10))} AND {column} <= {p.Add((double)(number + Math.Abs(number) / 10))})",
        };
    }

    /// <summary>[prefix]number|system|code: the code matches the unit code, or the unit text when no system is given.</summary>
    public static string Quantity(SqlParameters p, string value, string number = "x.value", string system = "x.system", string code = "x.code", string? unit = "x.unit")
    {
        var parts = SearchValue.Split(value, '|', unescape: false);
        var condition = Number(p, parts[0], number);
        if (parts.Count >= 3 && parts[2].Length > 0)
        {
            var c = p.Add(SearchValue.Unescape(parts[2]));
            condition += parts[1].Length > 0
                ? $" AND {code} = {c} AND {system} = {p.Add(SearchValue.Unescape(parts[1]))}"
                : unit is null ? $" AND {code} = {c}" : $" AND ({code} = {c} OR {unit} = {c})";
        }
        else if (parts.Count == 2 || parts.Count > 3)
        {
            throw FhirException.BadRequest($"'{value}' is not a quantity (number|system|code).");
        }

        return $"({condition})";
    }

    /// <summary>ap: within 10% of the distance from now, at least the value's own precision.</summary>
    private static string Approximately(SqlParameters p, DateRange range, string low, string high)
    {
        var now = DateTimeOffset.UtcNow.UtcTicks;
        var slack = Math.Abs(now - range.Low) / 10;
        return $"({low} < {p.Add(range.High + slack)} AND {high} > {p.Add(range.Low - slack)})";
    }
}
