using Hl7.Fhir.Model;
using Leodis.Web.Record;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Leodis.Benchmarks.SummaryRender;

/// <summary>
/// A stand-in for the summary page until Leodis.Web's PatientSummary is in main: the same kind of reads through
/// ClinicalRecord (the patient with problems, medicines and allergies; the latest NEWS2 with its observations; the newest
/// results, encounters and documents, each with _sort and _count, run together), rendered as plain lists.
/// </summary>
public sealed class SummaryStandIn : ComponentBase
{
    [Inject]
    private ClinicalRecord Record { get; set; } = null!;

    [Parameter]
    public string PatientId { get; set; } = string.Empty;

    private List<Resource> shown = [];

    protected override async Task OnInitializedAsync()
    {
        var ct = CancellationToken.None;
        var patient = $"patient={PatientId}";
        var searches = new[]
        {
            Record.SearchAsync("Patient", $"_id={PatientId}&_revinclude=Condition:patient&_revinclude=MedicationRequest:patient&_revinclude=AllergyIntolerance:patient", ct),
            Record.SearchAsync("Observation", $"{patient}&code=http://snomed.info/sct|1104051000000101&_sort=-date&_count=1&_include=Observation:derived-from", ct),
            Record.SearchAsync("Observation", $"{patient}&category=laboratory&_sort=-date&_count=20", ct),
            Record.SearchAsync("Encounter", $"{patient}&_sort=-date&_count=10", ct),
            Record.SearchAsync("DocumentReference", $"{patient}&_sort=-date&_count=5", ct),
        };
        shown = (await System.Threading.Tasks.Task.WhenAll(searches)).SelectMany(b => b.Entry).Select(e => e.Resource).OfType<Resource>().ToList();
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "ul");
        foreach (var resource in shown)
        {
            builder.OpenElement(1, "li");
            builder.AddContent(2, $"{resource.TypeName}/{resource.Id} {resource.Meta?.LastUpdated:dd-MMM-yyyy}");
            builder.CloseElement();
        }

        builder.CloseElement();
    }
}
