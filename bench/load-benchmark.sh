#!/usr/bin/env bash
# The figures of issue 4 on one store, the same way every time: cold start, then create, read, update and search for an
# NHS number (16 and 8 clients), transaction import of the shared Synthea bundles (4 clients), and NDJSON import
# through $import of a generated cohort. Each load scenario runs after a warm-up on the same server, one after the
# other on the same store. Figures go to docs/performance.md with this command line.
#
#   bench/load-benchmark.sh --storage sqlite --connection "Data Source=/tmp/leodis-load-bench.db"
#   bench/load-benchmark.sh --storage postgres --connection "Host=127.0.0.1;Port=5433;Username=postgres;Database=loadbench"
#   the store must be empty (a new file or database); --port, --warmup, --duration change the run;
#   --server-arg --Audit:Enabled=false (repeatable) passes a setting to the server.
#
# --warmup defaults to 60s: on two cores shared with the database and the load tool, the runtime's tiered compilation
# (with dynamic PGO) takes most of a minute to finish compiling the hot code, and a 20 s warm-up measured creates at
# two thirds of their steady rate (docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/.."

storage=sqlite connection="Data Source=/tmp/leodis-load-bench.db" port=18470 warmup=60s duration=10s server_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --storage) storage=$2; shift 2 ;;
    --connection) connection=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --server-arg) server_args+=("$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 1 ;;
  esac
done

source bench/benchmark-server.sh
build_benchmark_tools

# Two cohorts of 1,000 patients (about 36,000 resources each) as Type.ndjson files: the first warms the import path,
# the second is measured.
mkdir -p "$out/import"
dotnet "$server_dll" generate --patients 1000 --seed 1 --format ndjson --out "$out/import/warm" >/dev/null
dotnet "$server_dll" generate --patients 1000 --seed 2 --format ndjson --out "$out/import/measured" >/dev/null

# The run's own import folder.
start_benchmark_server --Hl7v2:Enabled=false --Import:Root="$out/import"
echo "cold start to first answered request: $cold_start s"

token=$(dotnet "$server_dll" token --user pas.integration "$key")
stored=$(stored_resources "$token")
if [[ ${stored:-0} != 0 ]]; then
  echo "the store already holds $stored resources; give the benchmark an empty one" >&2
  exit 1
fi
load() {
  echo "== $* (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  dotnet "$load_dll" --base "$base" --server-pid "$server" --token "$token" "$@" 2>/dev/null | grep -E '^\|'
}

load --scenario create --concurrency 16 --duration "$duration" --warmup "$warmup"
load --scenario read --concurrency 16 --duration "$duration" --warmup "$warmup"
load --scenario update --concurrency 16 --duration "$duration" --warmup "$warmup"
load --scenario search --query nhs-number --concurrency 8 --duration "$duration" --warmup "$warmup"
load --scenario transaction --bundles ../shared/data/synthea/bundles --concurrency 4 --duration 30s --warmup "$warmup"
dotnet "$load_dll" --base "$base" --token "$token" --scenario ndjson --ndjson "$out/import/warm" \
  --ndjson-via import --import-dir "$out/import/chunks-warm" --chunk 100000 --concurrency 1 --warmup 0s >/dev/null 2>&1
load --scenario ndjson --ndjson "$out/import/measured" --ndjson-via import --import-dir "$out/import/chunks" \
  --chunk 100000 --concurrency 1 --warmup 0s
