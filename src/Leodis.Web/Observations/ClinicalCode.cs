using Hl7.Fhir.Model;

namespace Leodis.Web.Observations;

/// <summary>A code in a code system with its display, as the eObs observations are coded.</summary>
public sealed record ClinicalCode(string System, string Code, string Display)
{
    public const string Snomed = "http://snomed.info/sct";
    public const string Loinc = "http://loinc.org";
    public const string Ucum = "http://unitsofmeasure.org";

    public Coding ToCoding() => new(System, Code, Display);

    /// <summary>A CodeableConcept with this one coding, its display also the text.</summary>
    public CodeableConcept ToConcept() => new() { Coding = [ToCoding()], Text = Display };

    public bool In(CodeableConcept? concept) =>
        concept?.Coding.Any(c => c.System == System && c.Code == Code) == true;

    internal static ClinicalCode Sct(string code, string display) => new(Snomed, code, display);

    internal static ClinicalCode Lnc(string code, string display) => new(Loinc, code, display);
}
