using Leodis.Fhir;
using Leodis.Server.Demo;

namespace Leodis.Server.Tests.Demo;

/// <summary>The generate command line: files it writes and the mistakes it refuses.</summary>
public sealed class GenerateCommandTests
{
    [Fact]
    public async Task Generate_to_a_file_ending_ndjson_writes_one_resource_per_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"leodis-cohort-{Guid.NewGuid():N}.ndjson");

        var exit = await GenerateCommand.RunAsync(
            ["generate", "--patients", "3", "--seed", "9", "--reference-date", "2026-11-27", "--out", path], TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, exit);
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(GeneratedCohort.Resources(GeneratedCohort.Generate(3, seed: 9)).Count(), lines.Length);
        Assert.Equal(3, lines.Count(l => FhirFormat.ParseJson(l) is Hl7.Fhir.Model.Patient));
    }

    [Fact]
    public async Task Generate_to_a_folder_writes_a_bundle_per_patient_or_a_file_per_type()
    {
        var bundles = Path.Combine(Path.GetTempPath(), $"leodis-bundles-{Guid.NewGuid():N}");
        var ndjson = Path.Combine(Path.GetTempPath(), $"leodis-ndjson-{Guid.NewGuid():N}");
        string[] common = ["generate", "--patients", "2", "--reference-date", "2026-11-27"];

        Assert.Equal(0, await GenerateCommand.RunAsync([.. common, "--out", bundles], TextWriter.Null, CancellationToken.None));
        Assert.Equal(0, await GenerateCommand.RunAsync([.. common, "--out", ndjson, "--format", "ndjson"], TextWriter.Null, CancellationToken.None));

        Assert.Equal(["hospital.json", "patient-0000000.json", "patient-0000001.json"], Directory.GetFiles(bundles).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains(Path.Combine(ndjson, "Patient.ndjson"), Directory.GetFiles(ndjson));
        Assert.Equal(2, (await File.ReadAllLinesAsync(Path.Combine(ndjson, "Patient.ndjson"))).Length);
    }

    [Theory]
    [InlineData("--patients", "10")]
    [InlineData("--patients", "0", "--out", "x")]
    [InlineData("--patients", "1000001", "--out", "x")]
    [InlineData("--out", "x", "--server", "http://127.0.0.1:1/fhir")]
    [InlineData("--reference-date", "27/11/2026", "--out", "x")]
    [InlineData("--server", "ftp://example.org/fhir")]
    [InlineData("--colour", "blue", "--out", "x")]
    public async Task A_bad_command_line_exits_with_2_and_writes_nothing(params string[] args)
    {
        var exit = await GenerateCommand.RunAsync(["generate", .. args], TextWriter.Null, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.False(Directory.Exists("x") || File.Exists("x"));
    }
}
