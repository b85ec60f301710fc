using System.Text.Json.Serialization;

namespace Leodis.Server.Import;

/// <summary>The completed $import's answer, shaped like a Bulk Data export manifest: counts per type and the error report.</summary>
internal sealed record ImportManifest(
    [property: JsonPropertyName("transactionTime")] string TransactionTime,
    [property: JsonPropertyName("request")] string Request,
    [property: JsonPropertyName("requiresAccessToken")] bool RequiresAccessToken,
    [property: JsonPropertyName("inputSource"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? InputSource,
    [property: JsonPropertyName("output")] List<ImportManifest.Output> Outputs,
    [property: JsonPropertyName("error")] List<ImportManifest.Output> Errors)
{
    /// <summary>Resources of one type loaded (or, in "error", the refused lines and where their report is).</summary>
    internal sealed record Output(
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("count")] long Count,
        [property: JsonPropertyName("url"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url = null);
}
