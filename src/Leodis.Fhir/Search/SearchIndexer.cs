using System.Collections.Concurrent;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.FhirPath;
using Hl7.FhirPath.Expressions;

namespace Leodis.Fhir.Search;

/// <summary>
/// Extracts a resource's search index rows by evaluating each of its type's search parameter expressions (FHIRPath,
/// with the Firely SDK) and turning the values into typed rows. Runs on every write, inside the write's transaction.
/// </summary>
public sealed class SearchIndexer(SearchParameterRegistry registry)
{
    private static readonly ConcurrentDictionary<string, PocoNode?> Stubs = new(StringComparer.Ordinal);

    // The SDK's shared cache keeps 500 expressions and empties itself when full; R4 has about 1,400 parameter
    // expressions, so a mix of resource types recompiled them on almost every write. This cache holds them all.
    private static readonly FhirPathCompilerCache Expressions =
        new(new FhirPathCompiler(new SymbolTable().AddStandardFP().AddFhirExtensions()), cacheSize: 20_000);

    private readonly ConcurrentDictionary<string, SearchParameterDefinition[]> indexed = new(StringComparer.Ordinal);

    public SearchParameterRegistry Registry => registry;

    public ResourceIndex Index(Resource resource)
    {
        var index = new ResourceIndex();
        var context = new FhirEvaluationContext { ElementResolver = ResolveStub };
        foreach (var parameter in Parameters(resource.TypeName))
        {
            IEnumerable<Base> values;
            try
            {
                values = Select(resource, parameter.Expression!, context);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or InvalidCastException or FormatException)
            {
                // An expression the SDK cannot evaluate on this instance indexes nothing rather than failing the write.
                continue;
            }

            foreach (var value in values)
            {
                Add(index, parameter, value);
            }
        }

        Access.AccessIndex.Add(resource, index);
        return index;
    }

    private static List<Base> Select(Base input, string expression, FhirEvaluationContext context) =>
        Expressions.Select(input.ToPocoNode(), expression, context).Select(node => node.Poco).OfType<Base>().ToList();

    /// <summary>Forgets cached parameter lists, after a custom SearchParameter is added.</summary>
    public void Refresh() => indexed.Clear();

    private SearchParameterDefinition[] Parameters(string resourceType) => indexed.GetOrAdd(resourceType, type => registry
        .For(type)
        .Where(p => p.Expression is not null && p.Code != "_id" && p.Type != SearchParamType.Special)
        .ToArray());

    private void Add(ResourceIndex index, SearchParameterDefinition parameter, Base value)
    {
        var key = parameter.Key;
        switch (parameter.Type)
        {
            case SearchParamType.String:
                foreach (var text in ValueExtractor.Strings(value))
                {
                    index.Strings.Add(new StringRow(key, TextNormalizer.IndexKey(text), text));
                }

                break;
            case SearchParamType.Token:
                index.Tokens.AddRange(ValueExtractor.Tokens(key, value));
                break;
            case SearchParamType.Reference:
                index.References.AddRange(ValueExtractor.References(key, value));
                break;
            case SearchParamType.Date:
                if (ValueExtractor.Date(value) is { } range)
                {
                    index.Dates.Add(new DateRow(key, range.Low, range.High));
                }

                break;
            case SearchParamType.Number:
                if (ValueExtractor.Number(value) is { } number)
                {
                    index.Numbers.Add(new NumberRow(key, number));
                }

                break;
            case SearchParamType.Quantity:
                index.Quantities.AddRange(ValueExtractor.Quantities(key, value));
                break;
            case SearchParamType.Uri:
                if (ValueExtractor.Uri(value) is { } uri)
                {
                    index.Uris.Add(new UriRow(key, uri));
                }

                break;
            case SearchParamType.Composite:
                index.Composites.AddRange(CompositeRows(parameter, value));
                break;
        }
    }

    private IEnumerable<CompositeRow> CompositeRows(SearchParameterDefinition parameter, Base element)
    {
        if (parameter.Components.Count != 2)
        {
            yield break;
        }

        var first = ComponentParts(parameter.Components[0], element);
        var second = ComponentParts(parameter.Components[1], element);
        foreach (var a in first)
        {
            foreach (var b in second)
            {
                yield return new CompositeRow(parameter.Key, a, b);
            }
        }
    }

    private List<CompositePart> ComponentParts(SearchParameterComponent component, Base element)
    {
        var type = registry.FindByUrl(component.DefinitionUrl)?.Type ?? SearchParamType.Token;
        IEnumerable<Base> values;
        try
        {
            values = Select(element, component.Expression, new FhirEvaluationContext { ElementResolver = ResolveStub });
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InvalidCastException or FormatException)
        {
            return [];
        }

        return values.SelectMany(value => ValueExtractor.CompositeParts(type, value)).ToList();
    }

    /// <summary>resolve() in parameter expressions ("subject.where(resolve() is Patient)") only needs the target's type.</summary>
    private static PocoNode? ResolveStub(string reference)
    {
        var segments = reference.Split('/');
        var type = segments.Length >= 2 ? segments[^2] : null;
        if (segments.Length >= 4 && segments[^2] == "_history")
        {
            type = segments[^4];
        }

        return type is null ? null : Stubs.GetOrAdd(type, t =>
            ModelInfo.GetTypeForFhirType(t) is { } poco && ModelInfo.IsKnownResource(t)
                ? ((Resource)Activator.CreateInstance(poco)!).ToPocoNode()
                : null);
    }
}
