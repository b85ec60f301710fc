using Leodis.LoadTool.Measurement;

namespace Leodis.LoadTool.Fhir;

/// <summary>
/// POSTs a batch or transaction bundle to the base. A transaction's 200 means every entry was written; a batch's
/// response is read entry by entry so that only entries that succeeded count as resources.
/// </summary>
public static class BundlePoster
{
    public static async Task<RequestOutcome> PostAsync(
        FhirClient client, string operation, byte[] bundle, bool isBatch, int entries, WorkerContext worker, CancellationToken ct)
    {
        var reply = await client.SendAsync(
            HttpMethod.Post, client.SystemAddress, FhirClient.Json(bundle), worker.DrainBuffer, false, ct, isBatch ? worker.ResponseBody : null);
        if (!isBatch || reply.Status != 200)
        {
            return new RequestOutcome(operation, reply.Status, entries, reply.Failure);
        }

        var (succeeded, failed) = BatchResponse.CountEntries(worker.ResponseBody.WrittenSpan);
        return new RequestOutcome(operation, reply.Status, succeeded, null, failed);
    }
}
