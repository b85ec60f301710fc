using Hl7.Fhir.Model;

namespace Leodis.Fhir.Import;

/// <summary>The error report's entries: an OperationOutcome per refused line, carrying the file and line number.</summary>
public static class ImportOutcomes
{
    public const string FileExtension = "https://leodis.org/fhir/StructureDefinition/import-file";
    public const string LineExtension = "https://leodis.org/fhir/StructureDefinition/import-line";

    public static OperationOutcome ForLine(string file, long line, OperationOutcome problem)
    {
        var outcome = new OperationOutcome();
        outcome.Extension.Add(new Extension(FileExtension, new FhirString(file)));
        // R4 has no integer64; files of more than two billion lines are not expected.
        outcome.Extension.Add(new Extension(LineExtension, new Integer((int)Math.Min(line, int.MaxValue))));
        foreach (var issue in problem.Issue)
        {
            var copy = (OperationOutcome.IssueComponent)issue.DeepCopy();
            copy.Severity = OperationOutcome.IssueSeverity.Error;
            copy.Diagnostics = $"{file} line {line}: {issue.Diagnostics ?? issue.Details?.Text ?? "invalid"}";
            outcome.Issue.Add(copy);
        }

        return outcome;
    }

    public static OperationOutcome Problem(string message, string? expression = null, OperationOutcome.IssueType code = OperationOutcome.IssueType.Invalid) =>
        FhirException.Of(System.Net.HttpStatusCode.BadRequest, code, message, expression).Outcome;
}
