#!/usr/bin/env bash
# Runs the Leodis test suite against a throwaway PostgreSQL cluster.
#
#   ./test.sh                      # dotnet test Leodis.slnx
#   ./test.sh --filter Name~Patch  # extra arguments go to dotnet test
#
# The cluster lives in a fresh temp folder, listens on 127.0.0.1 only (a free
# port) with trust auth, and is stopped and deleted when the script exits,
# including on failure or Ctrl-C. Its connection string is exported to the
# tests as LEODIS_TEST_POSTGRES. Needs the PostgreSQL server binaries (initdb,
# pg_ctl, postgres); run as root with apt-get, it installs them if missing.
#
# The browser tests drive Debian's Chromium through Playwright's driver (shipped
# in its NuGet package; no browser download). Its path is exported to the tests
# as LEODIS_TEST_CHROMIUM: that variable if already set, else /usr/bin/chromium,
# which is installed with apt-get when run as root and missing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

log() { printf 'test.sh: %s\n' "$*"; }
die() { printf 'test.sh: error: %s\n' "$*" >&2; exit 1; }

export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"

# --- locate PostgreSQL ------------------------------------------------------

PG_BIN=""

find_pg() {
    local initdb pg_ctl postgres dir
    # 1. PATH: all three server programs must be found there.
    if initdb=$(command -v initdb) && pg_ctl=$(command -v pg_ctl) &&
        postgres=$(command -v postgres); then
        # Resolve symlinks (e.g. /usr/local/bin/initdb -> /usr/lib/postgresql/15/bin)
        # so the helper programs next to them (psql, pg_isready) are found too.
        dir=$(dirname "$(readlink -f "$pg_ctl")")
        if [[ -x $dir/initdb && -x $dir/postgres ]]; then
            PG_BIN=$dir
        else
            PG_BIN=$(dirname "$pg_ctl")
        fi
        return 0
    fi
    # 2. Debian/Ubuntu layout: highest installed major version.
    while IFS= read -r dir; do
        if [[ -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres ]]; then
            PG_BIN=$dir
            return 0
        fi
    done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -t/ -k5,5 -V -r)
    return 1
}

install_pg() {
    log "PostgreSQL not found; installing it with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    local apt=(apt-get -y -q -o Dpkg::Use-Pty=0)
    "${apt[@]}" update >/dev/null
    # Install postgresql-common first and turn off the default "main" cluster,
    # so the package install does not create (and start) a system server on 5432.
    if ! dpkg-query -W -f '${Status}' postgresql-common 2>/dev/null | grep -q 'ok installed'; then
        "${apt[@]}" install postgresql-common >/dev/null
    fi
    local cc=/etc/postgresql-common/createcluster.conf
    if [[ -f $cc ]]; then
        sed -ri 's/^#?[[:space:]]*create_main_cluster[[:space:]]*=.*/create_main_cluster = false/' "$cc" || true
    fi
    "${apt[@]}" install postgresql >/dev/null
}

if ! find_pg; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        install_pg || die "installing PostgreSQL with apt-get failed"
        find_pg || die "PostgreSQL was installed but initdb/pg_ctl/postgres were still not found"
    else
        die "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found on PATH or in /usr/lib/postgresql/*/bin.
Install them (Debian/Ubuntu: sudo apt-get install postgresql; macOS: brew install postgresql)
or put their directory on PATH, e.g. PATH=/usr/lib/postgresql/16/bin:\$PATH ./test.sh"
    fi
fi

# --- locate Chromium for the browser tests -------------------------------------

install_chromium() {
    log "Chromium not found; installing Debian's chromium with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    local apt=(apt-get -y -q -o Dpkg::Use-Pty=0)
    "${apt[@]}" update >/dev/null
    "${apt[@]}" install chromium >/dev/null
}

if [[ -n ${LEODIS_TEST_CHROMIUM:-} ]]; then
    [[ -x $LEODIS_TEST_CHROMIUM ]] || die "LEODIS_TEST_CHROMIUM=$LEODIS_TEST_CHROMIUM is not an executable file"
else
    LEODIS_TEST_CHROMIUM=/usr/bin/chromium
    if [[ ! -x $LEODIS_TEST_CHROMIUM ]]; then
        if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
            install_chromium || die "installing chromium with apt-get failed"
            [[ -x $LEODIS_TEST_CHROMIUM ]] || die "chromium was installed but $LEODIS_TEST_CHROMIUM is still missing"
        else
            die "Chromium for the browser tests not found at /usr/bin/chromium.
Install it (Debian/Ubuntu: sudo apt-get install chromium) or point LEODIS_TEST_CHROMIUM at a
Chromium or Chrome executable, e.g. LEODIS_TEST_CHROMIUM=/usr/bin/google-chrome ./test.sh"
        fi
    fi
fi
export LEODIS_TEST_CHROMIUM
log "LEODIS_TEST_CHROMIUM=$LEODIS_TEST_CHROMIUM ($("$LEODIS_TEST_CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"

# Client programs: prefer the ones next to the server, else PATH.
pg_tool() {
    if [[ -x $PG_BIN/$1 ]]; then printf '%s\n' "$PG_BIN/$1"; else command -v "$1" || true; fi
}
PSQL=$(pg_tool psql)
PG_ISREADY=$(pg_tool pg_isready)
PG_VERSION=$("$PG_BIN/postgres" --version | sed -E 's/^[^0-9]*([0-9]+).*/\1/')

# --- OS user for the server (postgres refuses to run as root) -----------------

if [[ $(id -u) -eq 0 ]]; then
    if id -u postgres >/dev/null 2>&1; then
        PG_OS_USER=postgres
    else
        PG_OS_USER=leodis-test
        if ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
            command -v useradd >/dev/null || die "running as root but useradd is missing; cannot create a user for PostgreSQL"
            useradd --system --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin "$PG_OS_USER" ||
                id -u "$PG_OS_USER" >/dev/null 2>&1 ||
                die "could not create system user $PG_OS_USER"
        fi
    fi
    as_pg() {
        if command -v runuser >/dev/null; then
            runuser -u "$PG_OS_USER" -- "$@"
        else
            su -s /bin/bash "$PG_OS_USER" -c "$(printf '%q ' "$@")"
        fi
    }
else
    PG_OS_USER=$(id -un)
    as_pg() { "$@"; }
fi

# --- throwaway cluster ----------------------------------------------------------

PG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/leodis-pg.XXXXXX")
PG_DATA=$PG_TMP/data
PG_SOCK=$PG_TMP/sock
PG_LOG=$PG_TMP/postgres.log
PG_STARTED=0
log "using PostgreSQL $PG_VERSION from $PG_BIN (server runs as $PG_OS_USER)"

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    # Checks the pid file, not just PG_STARTED: Ctrl-C may land while pg_ctl start runs.
    if [[ $PG_STARTED -eq 1 || -f $PG_DATA/postmaster.pid ]]; then
        if ! (cd "$PG_TMP" && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 30 stop) >/dev/null 2>&1; then
            # pg_ctl failed; kill the postmaster directly so nothing is left behind.
            local pid
            pid=$(head -n1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)
            if [[ $pid =~ ^[0-9]+$ ]]; then
                kill -QUIT "$pid" 2>/dev/null || true
                for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
                kill -KILL "$pid" 2>/dev/null || true
            fi
        fi
        log "stopped PostgreSQL"
    fi
    rm -rf "$PG_TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ $(id -u) -eq 0 ]]; then
    chown "$PG_OS_USER" "$PG_TMP"
    # The server user must be able to reach the folder (TMPDIR may be private to root).
    if ! as_pg test -w "$PG_TMP"; then
        rm -rf "$PG_TMP"
        PG_TMP=$(mktemp -d /tmp/leodis-pg.XXXXXX)
        PG_DATA=$PG_TMP/data PG_SOCK=$PG_TMP/sock PG_LOG=$PG_TMP/postgres.log
        chown "$PG_OS_USER" "$PG_TMP"
    fi
fi
# Run the server tools from inside the temp folder: the server user may not be
# allowed to read the current directory.
in_tmp() { (cd "$PG_TMP" && as_pg "$@"); }

in_tmp mkdir -m 700 "$PG_SOCK"
if ! in_tmp "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_OS_USER" --auth=trust \
    --encoding=UTF8 --locale=C >"$PG_TMP/initdb.log" 2>&1; then
    tail -n 30 "$PG_TMP/initdb.log" >&2 || true
    die "initdb failed"
fi

cat >>"$PG_DATA/postgresql.conf" <<EOF

# --- test.sh ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_SOCK'
max_connections = 200
fsync = on
logging_collector = off
EOF

port_in_use() {
    if command -v timeout >/dev/null; then
        timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
    fi
}

# Try ports from a random start; if another process grabs one between the probe
# and the bind, the start fails with "Address already in use" and we move on.
PG_PORT=$((20000 + RANDOM % 30000))
for attempt in $(seq 1 20); do
    while port_in_use "$PG_PORT"; do PG_PORT=$((PG_PORT + 1)); done
    log "starting PostgreSQL $PG_VERSION on 127.0.0.1:$PG_PORT"
    : >"$PG_LOG"
    chown "$PG_OS_USER" "$PG_LOG" 2>/dev/null || true
    if in_tmp "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -o "-p $PG_PORT" -w -t 120 start >/dev/null 2>&1; then
        PG_STARTED=1
        break
    fi
    # pg_ctl may time out while the server is still running; make sure it is gone.
    in_tmp "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
    if grep -qiE 'could not (bind|create listen)|already in use' "$PG_LOG" && [[ $attempt -lt 20 ]]; then
        PG_PORT=$((PG_PORT + 1))
        continue
    fi
    printf 'test.sh: PostgreSQL failed to start; end of its server log:\n' >&2
    tail -n 30 "$PG_LOG" >&2 || true
    die "could not start PostgreSQL"
done
[[ $PG_STARTED -eq 1 ]] || die "could not find a free port for PostgreSQL"

if [[ -n $PG_ISREADY ]]; then
    for _ in $(seq 1 100); do
        "$PG_ISREADY" -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_OS_USER" -d postgres && break
        sleep 0.1
    done
fi

if [[ -n $PSQL ]]; then
    "$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$PG_OS_USER" -d postgres \
        -c 'CREATE DATABASE leodis_test' >/dev/null ||
        die "could not create database leodis_test"
elif [[ -x $PG_BIN/createdb ]]; then
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_OS_USER" leodis_test ||
        die "could not create database leodis_test"
else
    die "neither psql nor createdb found; install the PostgreSQL client (apt-get install postgresql-client)"
fi

export LEODIS_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=$PG_OS_USER;Database=leodis_test;Pooling=true"
log "LEODIS_TEST_POSTGRES=$LEODIS_TEST_POSTGRES"

# --- tests --------------------------------------------------------------------

log "running dotnet test Leodis.slnx $*"
set +e
dotnet test Leodis.slnx "$@"
rc=$?
set -e
exit "$rc"
