using Hl7.Fhir.Model;
using Leodis.Fhir.Patching;

namespace Leodis.Fhir.Tests.Patching;

public sealed class FhirPathPatchTests
{
    [Fact]
    public void Add_builds_a_complex_value_from_parts_with_coded_children()
    {
        var patient = new Patient { Active = true };

        FhirPathPatch.Apply(patient, AddTelecom("phone", "0113 243 3144"));

        Assert.Equal(ContactPoint.ContactPointSystem.Phone, patient.Telecom.Single().System);
        Assert.Equal("0113 243 3144", patient.Telecom.Single().Value);
    }

    [Fact]
    public void A_code_outside_the_elements_value_set_makes_a_resource_the_strict_parser_refuses()
    {
        var patient = new Patient { Active = true };

        FhirPathPatch.Apply(patient, AddTelecom("carrier-pigeon", "x"));

        // The engine re-parses every patched resource strictly and answers 422 (see PatchTests over HTTP).
        Assert.Throws<FhirException>(() => FhirFormat.ParseJson(FhirFormat.ToJson(patient)));
    }

    [Fact]
    public void Delete_of_a_list_item_chosen_by_where_removes_only_that_item()
    {
        var patient = new Patient { Name = [new HumanName { Family = "Keep" }, new HumanName { Family = "Drop" }] };
        var patch = new Parameters();
        var operation = new Parameters.ParameterComponent { Name = "operation" };
        operation.Part.Add(new() { Name = "type", Value = new Code("delete") });
        operation.Part.Add(new() { Name = "path", Value = new FhirString("Patient.name.where(family = 'Drop')") });
        patch.Parameter.Add(operation);

        FhirPathPatch.Apply(patient, patch);

        Assert.Equal(["Keep"], patient.Name.Select(n => n.Family));
    }

    private static Parameters AddTelecom(string system, string value)
    {
        var operation = new Parameters.ParameterComponent { Name = "operation" };
        operation.Part.Add(new() { Name = "type", Value = new Code("add") });
        operation.Part.Add(new() { Name = "path", Value = new FhirString("Patient") });
        operation.Part.Add(new() { Name = "name", Value = new FhirString("telecom") });
        operation.Part.Add(new()
        {
            Name = "value",
            Part = [new() { Name = "system", Value = new Code(system) }, new() { Name = "value", Value = new FhirString(value) }],
        });
        return new Parameters { Parameter = [operation] };
    }
}
