using Hl7.Fhir.Model;
using Leodis.Fhir.Access;
using Leodis.Fhir.Storage;

namespace Leodis.Fhir.Search.Sql;

/// <summary>
/// Turns a <see cref="SearchRequest"/> into portable SQL over the resources table and the search index tables.
/// One criterion, the likeliest to be selective, becomes "r.rid IN (rows of its index table that match)" and drives
/// the query; the others become "EXISTS (a matching row for this rid)", probed by rid (SQLite would otherwise build
/// every IN list in full: all heart rates since 2020 to find one patient's). Chains and _has join through
/// search_reference, and sort keys are per-resource MIN/MAX subqueries. The caller's <see cref="AccessFilter"/> applies
/// to every resource the query touches: the matches, and the resources a chain or _has passes through.
/// </summary>
public sealed class SqlSearchBuilder(SearchParameterRegistry registry, string baseUrl, AccessFilter access)
{
    public const string Columns = "r.rid, r.resource_type, r.id, r.version_id, r.last_updated, r.is_deleted, r.method, r.body";

    private readonly SqlParameters p = new();
    private int aliases;

    public IReadOnlyList<KeyValuePair<string, object?>> Parameters => p.Values;

    /// <summary>The filter on resources aliased r: live resources of the type(s) that meet every criterion.</summary>
    public string Where(SearchRequest request)
    {
        var conditions = new List<string> { $"r.is_deleted = {p.Add(false)}" };
        if (request.ResourceType is { } type)
        {
            conditions.Add($"r.resource_type = {p.Add(type)}");
        }
        else if (request.Types.Count > 0)
        {
            conditions.Add($"r.resource_type IN ({string.Join(", ", request.Types.Select(t => p.Add(t)))})");
        }

        if (request.Compartment is { } compartment)
        {
            var keys = compartment.ParameterKeys.Count == 0 ? "NULL" : string.Join(", ", compartment.ParameterKeys.Select(k => p.Add(k)));
            var linked = $"r.rid IN (SELECT x.rid FROM search_reference x WHERE x.param IN ({keys}) " +
                         $"AND x.target_type = {p.Add(compartment.Type)} AND x.target_id = {p.Add(compartment.Id)})";
            conditions.Add(compartment.IncludeSelf
                ? $"({linked} OR (r.resource_type = {p.Add(compartment.Type)} AND r.id = {p.Add(compartment.Id)}))"
                : linked);
        }

        var driver = request.Compartment is null ? request.Criteria.OrderBy(Selectivity).FirstOrDefault() : null;
        var nested = driver is { Chain.Count: 0, Has.Count: 0, Modifier: not ("not" or "missing") } && driver.Parameter.Code != "_id"
            ? request.Criteria.Where(c => !ReferenceEquals(c, driver) && OnlyNeedsRid(c)).ToList()
            : [];
        if (nested.Count > 0)
        {
            // The probes filter the driver's rids before any resource row is read: a family name's hundred Patients
            // are checked against the birth date in the index tables, and one resource row is fetched, not a hundred.
            conditions.Add($"r.rid IN (SELECT d.rid FROM ({Match(driver!)}) d WHERE " +
                           $"{string.Join(" AND ", nested.Select(c => Condition(c, "d", probe: true)))})");
        }

        conditions.AddRange(request.Criteria
            .Where(c => nested.Count == 0 || (!ReferenceEquals(c, driver) && !nested.Contains(c)))
            .Select(c => Condition(c, "r", probe: !ReferenceEquals(c, driver))));
        if (!access.IsEmpty)
        {
            conditions.Add(access.Visible("r", p));
        }

        return string.Join("\n  AND ", conditions);
    }

    /// <summary>True when the criterion's SQL refers to nothing of the resource but its rid (so it can test a bare rid list).</summary>
    private static bool OnlyNeedsRid(Criterion criterion) =>
        criterion.Has.Count == 0 && (criterion.Chain.Count > 0 || criterion.Parameter.Code != "_id");

    /// <summary>
    /// A guess, without statistics, at how few rows a criterion matches: lower drives the query. A date equal to one
    /// day or less (a birth date) comes before a string prefix: a million-resource store has about a hundred Patients
    /// whose family name starts with a common name, and a handful born on any one day.
    /// </summary>
    private static int Selectivity(Criterion criterion) => criterion switch
    {
        { Parameter.Code: "_id", Modifier: null } => 0,
        { Chain.Count: > 0 } or { Has.Count: > 0 } => 2,
        { Modifier: "not" or "missing" or "text" or "contains" or "above" or "below" } => 9,
        _ => criterion.Parameter.Type switch
        {
            SearchParamType.Reference => 1,
            SearchParamType.Token when criterion.Values.All(v => v.Contains('|', StringComparison.Ordinal) && !v.EndsWith('|')) => 2,
            SearchParamType.Date when criterion.Values.All(IsDayOrLess) => 3,
            SearchParamType.String or SearchParamType.Uri => 4,
            SearchParamType.Token => 5,
            _ => 6,
        },
    };

    /// <summary>An <c>eq</c> date value of a day's precision or finer.</summary>
    private static bool IsDayOrLess(string value)
    {
        var (prefix, text) = SearchValue.Prefix(SearchValue.Unescape(value));
        return prefix == "eq" && DateRange.TryParse(text, out var range) && range.High - range.Low <= TimeSpan.TicksPerDay;
    }

    public string OrderBy(SearchRequest request)
    {
        var keys = new List<string>();
        foreach (var key in request.Sort)
        {
            var direction = key.Descending ? " DESC" : string.Empty;
            var expression = key.Code switch
            {
                "_id" => "r.id",
                "_lastUpdated" => "r.last_updated",
                _ => $"({SortExpression(key)})",
            };
            keys.Add($"{expression} IS NULL, {expression}{direction}");
        }

        keys.Add("r.rid");
        return string.Join(", ", keys);
    }

    public SqlQuery Page(SearchRequest request, int limit, int offset) => new(
        $"SELECT {Columns} FROM resources r\nWHERE {Where(request)}\nORDER BY {OrderBy(request)}\nLIMIT {p.Add(limit)} OFFSET {p.Add(offset)}",
        p.Values);

    public SqlQuery Count(SearchRequest request) => new($"SELECT count(*) FROM resources r WHERE {Where(request)}", p.Values);

    /// <summary>Stores the ordered rids of every match (up to <paramref name="cap"/>) as a page set that later pages read.</summary>
    public SqlQuery Materialize(SearchRequest request, string searchId, int cap)
    {
        var order = OrderBy(request);
        return new(
            $"INSERT INTO search_results (search_id, position, rid)\n" +
            $"SELECT {p.Add(searchId)}, row_number() OVER (ORDER BY {order}), r.rid FROM resources r\nWHERE {Where(request)}\nORDER BY {order}\nLIMIT {p.Add(cap)}",
            p.Values);
    }

    /// <summary>
    /// The SQL condition on resources aliased <paramref name="alias"/>; with <paramref name="probe"/> a plain
    /// criterion is written as a correlated EXISTS, checked row by row rather than listed in full.
    /// </summary>
    public string Condition(Criterion criterion, string alias, bool probe = false)
    {
        if (criterion.Has.Count > 0)
        {
            var hop = criterion.Has[0];
            var (src, refs) = (Alias("s"), Alias("h"));
            var inner = Condition(criterion with { Has = criterion.Has.Skip(1).ToList() }, src);
            return $"{alias}.id IN (SELECT {refs}.target_id FROM search_reference {refs} JOIN resources {src} ON {src}.rid = {refs}.rid " +
                   $"WHERE {refs}.param = {p.Add(hop.Reference.Key)} AND {refs}.target_type = {alias}.resource_type " +
                   $"AND {src}.is_deleted = {p.Add(false)} AND {inner}{Visible(src)})";
        }

        if (criterion.Chain.Count > 0)
        {
            var hop = criterion.Chain[0];
            var (target, refs) = (Alias("t"), Alias("c"));
            var rest = criterion with { Chain = criterion.Chain.Skip(1).ToList() };
            var perType = hop.TargetTypes.Select(type =>
            {
                var code = rest.Chain.Count > 0 ? rest.Chain[0].Reference.Code : rest.Parameter.Code;
                var local = rest.Chain.Count > 0
                    ? rest with { Chain = [rest.Chain[0] with { Reference = registry.Find(type, code) ?? rest.Chain[0].Reference }, .. rest.Chain.Skip(1)] }
                    : rest with { Parameter = registry.Find(type, code) ?? rest.Parameter };
                return $"({target}.resource_type = {p.Add(type)} AND {Condition(local, target)})";
            });
            return $"{alias}.rid IN (SELECT {refs}.rid FROM search_reference {refs} JOIN resources {target} " +
                   $"ON {target}.resource_type = {refs}.target_type AND {target}.id = {refs}.target_id " +
                   $"WHERE {refs}.param = {p.Add(hop.Reference.Key)} AND {target}.is_deleted = {p.Add(false)}{Visible(target)} AND ({string.Join(" OR ", perType)}))";
        }

        return Leaf(criterion, alias, probe);
    }

    private string Leaf(Criterion criterion, string alias, bool probe)
    {
        var parameter = criterion.Parameter;
        if (parameter.Code == "_id" && criterion.Modifier == "missing")
        {
            // Every resource has an id.
            return criterion.Values is ["false"] ? "1 = 1" : "1 = 0";
        }

        if (parameter.Code == "_id")
        {
            var ids = string.Join(", ", criterion.Values.Select(v => p.Add(SearchValue.Unescape(v))));
            return criterion.Modifier == "not" ? $"{alias}.id NOT IN ({ids})" : $"{alias}.id IN ({ids})";
        }

        var table = Table(parameter.Type);
        if (criterion.Modifier == "missing")
        {
            var missing = criterion.Values.Count == 1 && criterion.Values[0] is "true" or "false"
                ? criterion.Values[0] == "true"
                : throw FhirException.BadRequest($"':missing' takes true or false, not '{string.Join(',', criterion.Values)}'.");
            return $"{(missing ? "NOT " : string.Empty)}EXISTS (SELECT 1 FROM {table} x WHERE x.rid = {alias}.rid AND x.param = {p.Add(parameter.Key)})";
        }

        if (probe && criterion.Modifier != "not")
        {
            var ors = criterion.Values.Select(value => Value(parameter, value, criterion.Modifier));
            return $"EXISTS (SELECT 1 FROM {table} x WHERE x.rid = {alias}.rid AND x.param = {p.Add(parameter.Key)} AND ({string.Join(" OR ", ors)}))";
        }

        return criterion.Modifier == "not" ? $"{alias}.rid NOT IN ({Match(criterion)})" : $"{alias}.rid IN ({Match(criterion)})";
    }

    /// <summary>The rids whose index rows match a plain criterion: "SELECT x.rid FROM [table] x WHERE ...".</summary>
    private string Match(Criterion criterion)
    {
        var parameter = criterion.Parameter;
        var ors = criterion.Values.Select(value => Value(parameter, value, criterion.Modifier));
        return $"SELECT x.rid FROM {Table(parameter.Type)} x WHERE x.param = {p.Add(parameter.Key)} AND ({string.Join(" OR ", ors)})";
    }

    private string Value(SearchParameterDefinition parameter, string value, string? modifier) => parameter.Type switch
    {
        SearchParamType.String => StringConditions.String(p, value, modifier),
        SearchParamType.Uri => StringConditions.Uri(p, value, modifier),
        SearchParamType.Token => TokenConditions.Token(p, value, modifier),
        SearchParamType.Reference => TokenConditions.Reference(p, value, modifier, parameter, baseUrl),
        SearchParamType.Date => NoModifier(modifier, parameter) ?? NumericConditions.Date(p, value),
        SearchParamType.Number => NoModifier(modifier, parameter) ?? NumericConditions.Number(p, value),
        SearchParamType.Quantity => NoModifier(modifier, parameter) ?? NumericConditions.Quantity(p, value),
        SearchParamType.Composite => NoModifier(modifier, parameter) ?? CompositeConditions.Composite(p, value, parameter, registry),
        _ => throw FhirException.BadRequest($"The parameter '{parameter.Code}' cannot be searched here."),
    };

    private string SortExpression(SortKey key)
    {
        var parameter = key.Parameter!;
        var aggregate = key.Descending ? "max" : "min";
        var (table, column) = parameter.Type switch
        {
            SearchParamType.String => ("search_string", "norm"),
            SearchParamType.Token => ("search_token", "code"),
            SearchParamType.Reference => ("search_reference", "coalesce(target_id, url)"),
            SearchParamType.Date => ("search_date", key.Descending ? "high" : "low"),
            SearchParamType.Number => ("search_number", "value"),
            SearchParamType.Quantity => ("search_quantity", "value"),
            SearchParamType.Uri => ("search_uri", "uri"),
            _ => throw FhirException.BadRequest($"Cannot sort by the {parameter.Type} parameter '{parameter.Code}'.", "_sort"),
        };
        return $"SELECT {aggregate}(s.{column}) FROM {table} s WHERE s.rid = r.rid AND s.param = {p.Add(parameter.Key)}";
    }

    private static string? NoModifier(string? modifier, SearchParameterDefinition parameter) =>
        modifier is null ? null : throw FhirException.BadRequest($"The modifier ':{modifier}' does not apply to '{parameter.Code}'.");

    private static string Table(SearchParamType type) => type switch
    {
        SearchParamType.String => "search_string",
        SearchParamType.Token => "search_token",
        SearchParamType.Reference => "search_reference",
        SearchParamType.Date => "search_date",
        SearchParamType.Number => "search_number",
        SearchParamType.Quantity => "search_quantity",
        SearchParamType.Uri => "search_uri",
        SearchParamType.Composite => "search_composite",
        _ => throw FhirException.BadRequest($"Parameters of type {type} cannot be searched here."),
    };

    private string Visible(string alias) => access.IsEmpty ? string.Empty : " AND " + access.Visible(alias, p);

    private string Alias(string prefix) => $"{prefix}{aliases++}";
}
