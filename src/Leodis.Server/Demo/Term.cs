using Hl7.Fhir.Model;

namespace Leodis.Server.Demo;

/// <summary>A coded clinical term (system, code, display) as the catalogues list it.</summary>
public sealed record Term(string System, string Code, string Display)
{
    public const string SnomedSystem = "http://snomed.info/sct";
    public const string LoincSystem = "http://loinc.org";
    public const string DmdSystem = "https://dmd.nhs.uk";
    public const string UcumSystem = "http://unitsofmeasure.org";

    public static Term Snomed(string code, string display) => new(SnomedSystem, code, display);

    public static Term Loinc(string code, string display) => new(LoincSystem, code, display);

    public static Term Dmd(string code, string display) => new(DmdSystem, code, display);

    /// <summary>A CodeableConcept with one coding whose display is also the text (Firely's constructor sets only the text).</summary>
    public static CodeableConcept Concept(string system, string code, string display) => new Term(system, code, display).ToConcept();

    public Coding ToCoding() => new(System, Code, Display);

    public CodeableConcept ToConcept() => new() { Coding = [ToCoding()], Text = Display };
}
