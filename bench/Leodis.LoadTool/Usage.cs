namespace Leodis.LoadTool;

/// <summary>The --help text.</summary>
internal static class Usage
{
    public const string Text = """
        Leodis load tool: measures a FHIR R4 server's throughput, latency, errors, CPU and memory.

          dotnet run -c Release --project bench/Leodis.LoadTool -- --scenario create --concurrency 16 --duration 30s

        --base URL            FHIR base (default http://127.0.0.1:8080/fhir); must be loopback unless --allow-remote
        --scenario NAME       create | read | update | search | mix | transaction | ndjson | mllp (default create)
        --concurrency N       concurrent clients (default 16)
        --duration TIME       measured time after warm-up, e.g. 30s, 2m (default 30s unless --count or --passes ends the run)
        --warmup TIME         not counted (default 5s)
        --count N             measured requests; the run ends at the count or the duration, whichever is first
        --token TOKEN         bearer token sent with every request
        --server-pid PID      the server's process on this machine: report its CPU and peak memory
        --json-out FILE       also write the report as JSON
        --setup N             Patients created before read, update, search and mix (default 1000)
        --patients HOW        created: the setup creates its Patients (default); existing: it finds N stored Patients
                              with an NHS number (for data loaded beforehand, such as `generate`)
        --mllp HOST:PORT      where the mllp scenario sends HL7 v2 ADT^A01 messages (default 127.0.0.1:2575)
        --query Q             search: a built-in query name or a query such as 'Patient?family=Smith' (repeatable);
                              {id}, {nhs}, {family} and {birthdate} take a setup Patient's. Default: the built-in mix.
                              Benchmark names (not in the mix): nhs-number, family-birthdate, observation-code-date,
                              encounter-status, observation-chain-nhs, condition-include-subject
        --mix W               mix weights (default read=60,create=15,update=15,search=10)
        --bundles DIR         transaction: folder of batch/transaction bundles (*.json)
        --ndjson DIR          ndjson: folder of Type.ndjson files
        --ndjson-via HOW      ndjson: transaction | batch bundles, or import: one $import job per chunk (default transaction)
        --import-dir DIR      ndjson via import: where chunk files are written; must be under the server's Import:Root
        --chunk N             ndjson: resources per request (default 200)
        --passes N            transaction, ndjson: rounds over the data, 0 = until duration/count (default: ndjson 1, transaction 0)
        --timeout TIME        per request (default 120s)
        --seed N              random seed (default 1)
        --allow-remote        allow a base that is not on this machine
        """;
}
