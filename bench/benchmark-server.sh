# Sourced by bench/load-benchmark.sh and bench/search-benchmark.sh: builds the server and the load tool into a
# temporary folder, starts the server on the store given with the run's own signing key, and stops it and removes the
# folder when the script exits. Reads port, storage, connection and server_args (an array); sets out, base,
# server_dll, load_dll, key, server and cold_start.

build_benchmark_tools() {
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
  dotnet build -c Release src/Leodis.Server -o "$out/server" >/dev/null
  dotnet build -c Release bench/Leodis.LoadTool -o "$out/load" >/dev/null
  base="http://127.0.0.1:$port/fhir"
  server_dll="$out/server/Leodis.Server.dll"
  load_dll="$out/load/Leodis.LoadTool.dll"
  key="--Security:SigningKeyPath=$out/signing-key.pem"
}

# Arguments are extra server settings; cold_start is the seconds from launch to the first answered request.
start_benchmark_server() {
  local started
  started=$(date +%s.%N)
  dotnet "$server_dll" --urls "http://127.0.0.1:$port" --Demo:Enabled=false "$key" "$@" "${server_args[@]}" \
    --Storage:Provider="$storage" --Storage:ConnectionString="$connection" >"$out/server.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true; rm -rf "$out"' EXIT
  until curl -fs -o /dev/null "$base/metadata"; do
    kill -0 "$server" 2>/dev/null || { echo "the server stopped; its log:" >&2; cat "$out/server.log" >&2; exit 1; }
    sleep 0.05
  done
  cold_start=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
}

# How many resources the store holds, asked with the bearer token given.
stored_resources() {
  curl -fs -H "Authorization: Bearer $1" "$base/?_summary=count" | sed -n 's/.*"total":\([0-9]*\).*/\1/p'
}
