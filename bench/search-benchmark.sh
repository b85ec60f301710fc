#!/usr/bin/env bash
# The search benchmark of issue 3: loads a generated cohort into a store through a running server, then measures the
# six named queries one at a time with the load tool. Figures go to docs/performance.md with this command line.
#
#   bench/search-benchmark.sh --patients 25700 --storage postgres --connection "Host=127.0.0.1;Port=5433;Username=postgres;Database=bench1m"
#   bench/search-benchmark.sh --patients 2600 --storage sqlite --connection "Data Source=/tmp/bench100k.db"
#   add --skip-load to measure data loaded before; --port, --concurrency, --duration, --warmup to change the run
#   (--warmup 60s lets a fresh server finish compiling its hot code before the clock starts; each query warms up on its own);
#   --user dr.patel to search as a clinician through the access gate (default pas.integration, whom it filters nothing);
#   --server-arg --Audit:Enabled=false (repeatable) passes a setting to the server.
#
# About 39 resources per patient: 256 patients is about 10,000 resources, 2,600 about 100,000, 25,700 about 1,000,000.
set -euo pipefail
cd "$(dirname "$0")/.."

patients=256 storage=sqlite connection="Data Source=/tmp/leodis-search-bench.db" port=18460 concurrency=8 duration=20s warmup=60s skip_load=0 user=pas.integration server_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --patients) patients=$2; shift 2 ;;
    --storage) storage=$2; shift 2 ;;
    --connection) connection=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --skip-load) skip_load=1; shift ;;
    --user) user=$2; shift 2 ;;
    --server-arg) server_args+=("$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 1 ;;
  esac
done

source bench/benchmark-server.sh
build_benchmark_tools
# The rate limit is lifted so it measures the server, not the limiter.
start_benchmark_server --RateLimit:UserPerSecond=1000000

loader=$(dotnet "$server_dll" token --user pas.integration "$key")
token=$(dotnet "$server_dll" token --user "$user" "$key")
if [[ $skip_load == 0 ]]; then
  dotnet "$server_dll" generate --patients "$patients" --seed 1 --server "$base" --concurrency 12 --token "$loader" >&2
fi

echo "resources stored: $(stored_resources "$loader")" >&2
for query in nhs-number family-birthdate observation-code-date encounter-status observation-chain-nhs condition-include-subject; do
  dotnet "$load_dll" --base "$base" --scenario search --patients existing --setup 1000 \
    --query "$query" --concurrency "$concurrency" --duration "$duration" --warmup "$warmup" --server-pid "$server" --token "$token" 2>/dev/null \
    | grep -E '^\| search:'
done
