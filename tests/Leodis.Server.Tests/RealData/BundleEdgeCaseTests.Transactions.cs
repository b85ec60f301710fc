using System.Net;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using static Leodis.Server.Tests.Fhir.FhirClientExtensions;
using static Leodis.Server.Tests.RealData.BundleClient;

namespace Leodis.Server.Tests.RealData;

/// <summary>The transaction files: a transaction either commits every entry or fails and leaves nothing (http.html#trules).</summary>
public abstract partial class BundleEdgeCaseTests
{
    /// <summary>Transactions that must fail as a whole, whatever else the server supports; the comment says why.</summary>
    public static TheoryData<string, string[]> TransactionsThatMustFail() => new()
    {
        // PUT Patient/123a twice: resource identities overlap, so the transaction SHALL fail.
        { "Normative/Bundle-Transaction.json", ["123a", "234", "12334", "123456", "234234", "456456", "Chalmers"] },
        // GET Patient/12345 finds nothing, so the POST before it is rolled back.
        { "Normative/Bundle-TransactionForRollBack.json", ["TransactionRollback", "12345"] },
        // Not JSON at all ("status":,): nothing can be processed.
        { "Normative/Bundle-TransactionWithInvalidBundleEntry.json", ["234567", "12345", "Body Weight"] },
        // "system": "" is not valid FHIR JSON, and the ImagingStudy lacks series.modality and instance.sopClass (1..1).
        { "Normative/Bundle-TransactionWithConditionalCreateAndReference.json", ["11788759296811", "7810872"] },
        { "Normative/Bundle-TransactionWithConditionalUpdateAndReference.json", ["11788759296811", "7810872"] },
        // urn:uuid:patient-001 is not a uuid (RFC 4122; Firely's strict parser rejects it as a uri).
        { "Normative/Bundle-TransactionWithInvalidProcessingRecord.json", ["MRN-12345", "check-up", "null"] },
        // The subject is a urn:uuid that no entry of the bundle has as its fullUrl, so it cannot be resolved.
        { "Normative/Bundle-TransactionWithForeignReferenceInResourceBody.json", ["Oral temperature"] },
        // ValueSet has no $lookup (it is a CodeSystem operation), so at least that entry cannot be processed.
        { "Normative/Bundle-TransactionWithInvalidProcessingRoutes.json", ["123456", "1963-8"] },
        // PUT then DELETE of Patient/123: resource identities overlap (and the PUT body has no id).
        { "Normative/Bundle-TransactionWithMultipleEntriesModifyingSameResource.json", ["123", "12334", "Chalmers"] },
        // Two entries with the same fullUrl both PUT Patient/123 (bdl-7, and identities overlap).
        { "Normative/Bundle-TransactionWithMultipleResourcesWithSameFullUrl.json", ["123", "234234", "1963-8", "Chalmers"] },
        // A POST whose fullUrl is "Patient/123": a fullUrl is absolute or a urn:uuid/urn:oid, and read against the base
        // it names the resource entry 0 PUTs, so two entries claim one identity (bdl-7).
        { "Normative/Bundle-TransactionWithPOSTFullUrlMatchesWithPUTRequestUrl.json", ["123", "234234", "Chalmers"] },
        // A conditional reference that matches no resource fails the transaction (http.html#trules). The case where it
        // matches exactly one resource needs conditional references: not implemented yet.
        { "Normative/Bundle-TransactionWithConditionalReferenceInResourceBody.json", ["12345"] },
        { "R4/Bundle-TransactionWithReferenceInResourceBody.json", ["234234", "4358150720961704872", "185349003", "Labadie908", "NEWTON-WELLESLEY"] },
        // "Patientt" is not a resource type, so the conditional reference can match nothing.
        { "Normative/Bundle-TransactionWithInvalidResourceType.json", ["12345"] },
    };

    /// <summary>Transactions that commit once the server has the features named; until then they must fail whole.</summary>
    public static TheoryData<string, string[]> TransactionsNeedingConditionalOperations() => new()
    {
        // Conditional create and conditional update (its two searches are implemented).
        { "Normative/Bundle-TransactionWithAllValidRoutes.json", ["234235", "456456", "123", "234234", "Chalmers"] },
        // Conditional create and conditional update.
        { "Normative/Bundle-TransactionWithValidBundleEntry.json", ["234234", "123", "456456", "Chalmers"] },
        // Conditional update and conditional create naming the same identifier.
        { "Normative/Bundle-TransactionWithConditionalReferenceReferringToSameResource.json", ["123", "234234", "234259", "Chalmers"] },
    };

    [Theory]
    [MemberData(nameof(TransactionsThatMustFail))]
    public async Task Transaction_that_cannot_be_processed_fails_and_writes_nothing(string path, string[] tokens)
    {
        var file = UniqueBundleFile.Load(path, tokens);
        var since = JustBefore();

        var answer = await Client.PostBundleAsync(file.Json);

        AssertTransactionFailed(answer);
        await Client.AssertNothingWrittenAsync(file, since);
    }

    [Theory]
    [MemberData(nameof(TransactionsNeedingConditionalOperations))]
    public async Task Transaction_with_conditional_operations_commits_whole_or_not_at_all(string path, string[] tokens)
    {
        var file = UniqueBundleFile.Load(path, tokens);
        var entries = JsonNode.Parse(file.Json)!["entry"]!.AsArray().Count;
        var since = JustBefore();

        var answer = await Client.PostBundleAsync(file.Json);

        if (answer.Status != HttpStatusCode.OK)
        {
            AssertTransactionFailed(answer);
            await Client.AssertNothingWrittenAsync(file, since);
            return;
        }

        var response = AssertTransactionResponse(answer, entries);
        Assert.All(answer.EntryStatuses, status => Assert.InRange(status, 200, 299));
        foreach (var location in response.Entry.Select(e => e.Response.Location).OfType<string>())
        {
            Assert.Equal(HttpStatusCode.OK, await Client.StatusOfReadAsync(TypeAndId(location)));
        }
    }

    [Fact]
    public async Task Transaction_with_the_same_fullUrl_twice_fails_without_any_other_reason_to()
    {
        // Only the two PUTs of Patient/123 from the file, so nothing unimplemented can be why it fails.
        var file = UniqueBundleFile.Load("Normative/Bundle-TransactionWithMultipleResourcesWithSameFullUrl.json", "123", "Chalmers");
        var bundle = FirstEntries(file, 2);
        var since = JustBefore();

        var answer = await Client.PostBundleAsync(bundle.ToJsonString());

        AssertTransactionFailed(answer);
        Assert.Equal(HttpStatusCode.NotFound, await Client.StatusOfReadAsync($"Patient/{file.Unique("123")}"));
        await Client.AssertNothingWrittenAsync(file, since);
    }

    [Fact]
    public async Task Transaction_that_updates_and_deletes_one_resource_fails_without_any_other_reason_to()
    {
        // The file's POST, PUT and DELETE, with the id the PUT body lacks, and without the GET of a missing resource.
        var file = UniqueBundleFile.Load("Normative/Bundle-TransactionWithMultipleEntriesModifyingSameResource.json", "123", "Chalmers");
        var bundle = FirstEntries(file, 3);
        bundle["entry"]![1]!["resource"]!["id"] = file.Unique("123");
        var since = JustBefore();

        var answer = await Client.PostBundleAsync(bundle.ToJsonString());

        AssertTransactionFailed(answer);
        Assert.Equal(HttpStatusCode.NotFound, await Client.StatusOfReadAsync($"Patient/{file.Unique("123")}"));
        await Client.AssertNothingWrittenAsync(file, since);
    }

    [Fact]
    public async Task Transaction_that_fails_after_a_delete_leaves_the_deleted_resource_in_place()
    {
        var file = UniqueBundleFile.Load(
            "Normative/Bundle-TransactionForRollBackWithDelete.json",
            "patient-rollback-0", "patient-rollback-1", "observation-rollback-0", "observation-rollback-1");
        var deleted = $"Patient/{file.Unique("patient-rollback-0")}";
        var existing = new Patient { Id = file.Unique("patient-rollback-0"), Name = [new HumanName { Family = file.Marker }] };
        var since = JustBefore();
        using (var created = await Client.PutAsync(deleted, Json(existing)))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // Entry 1's If-Match names version 2112 of a resource that does not exist, and entry 2's body id is not its URL's id.
        var answer = await Client.PostBundleAsync(file.Json);

        AssertTransactionFailed(answer);
        var patient = await ReadAsync<Patient>(Client, deleted);
        Assert.Equal("1", patient.Meta.VersionId);
        Assert.Equal(HttpStatusCode.NotFound, await Client.StatusOfReadAsync($"Patient/{file.Unique("patient-rollback-1")}"));
        Assert.Equal(HttpStatusCode.NotFound, await Client.StatusOfReadAsync($"Observation/{file.Unique("observation-rollback-1")}"));
        Assert.Equal([deleted], (await Client.VersionsMentioningAsync(file.Marker, since)).Select(TypeAndId)); // its one version
    }

    [Fact]
    public async Task Transaction_update_with_an_unknown_parameter_creates_the_resource()
    {
        // _meta-history is a Microsoft FHIR server parameter; a parameter the server does not know is ignored.
        var file = UniqueBundleFile.Load("Normative/Bundle-TransactionWithMetaHistory.json", "metaHistoryTest", "metaHistoryTestTag", "searchpatient1");

        var answer = await Client.PostBundleAsync(file.Json);

        var response = AssertTransactionResponse(answer, 1);
        Assert.Equal([201], answer.EntryStatuses);
        Assert.Equal($"MedicationRequest/{file.Unique("metaHistoryTest")}", TypeAndId(response.Entry[0].Response.Location));
        var request = await ReadAsync<MedicationRequest>(Client, $"MedicationRequest/{file.Unique("metaHistoryTest")}");
        Assert.Equal(file.Unique("metaHistoryTestTag"), Assert.Single(request.Meta.Tag).Code);
        Assert.Equal($"Patient/{file.Unique("searchpatient1")}", request.Subject.Reference);
    }

    private static JsonNode FirstEntries(UniqueBundleFile file, int count)
    {
        var bundle = JsonNode.Parse(file.Json)!;
        var entries = bundle["entry"]!.AsArray();
        while (entries.Count > count)
        {
            entries.RemoveAt(count);
        }

        return bundle;
    }
}
