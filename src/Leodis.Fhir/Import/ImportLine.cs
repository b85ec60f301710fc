using Hl7.Fhir.Model;
using Leodis.Fhir.Search;
using Leodis.Fhir.Storage;

namespace Leodis.Fhir.Import;

/// <summary>
/// A line of an import, made ready before the writer needs it: parsed, given meta (version 1, as if new) and indexed,
/// or refused with an OperationOutcome naming the file and line.
/// </summary>
internal sealed record ImportLine(int FileIndex, long Line, long End)
{
    public Resource? Resource { get; init; }

    public StoredResource? Stored { get; init; }

    public ResourceIndex? Index { get; init; }

    public OperationOutcome? Error { get; init; }
}
