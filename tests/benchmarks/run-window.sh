#!/usr/bin/env bash
# Reproduces the window figures in RESULTS.md (sh-bench-window):
#   1. cold start to the first page on the default demo database, REPS×4
#      new processes, offscreen and (when Xvfb is installed) xcb; the first
#      run generates the demo database into a private data directory and is
#      reported apart;
#   2. the longest GUI-thread stall of each scripted step and the peak RSS,
#      REPS window sessions each on that demo database and on Postgres with
#      the benchmark data (1,000,000 audit rows / 100,000 sellers, seed 1,
#      cached under /tmp/seller-history-bench, loaded into a throwaway server
#      as run-postgres.sh does). Each session exports the org's whole history
#      through the window; its record is deleted (Postgres) or the demo
#      database restored before the next one.
#
#   tests/benchmarks/run-window.sh [--reps N] [--build DIR]
# Without --build: the `default` preset's build (build/), built first.
# Needs the packages of `packaging/dev/bootstrap test` (postgresql, python3).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
reps=5 build=""
while (($#)); do
    case "$1" in
        --reps) reps="$2"; shift 2 ;;
        --build) build="$2"; shift 2 ;;
        *) echo "usage: $0 [--reps N] [--build DIR]" >&2; exit 2 ;;
    esac
done
if [[ -z "$build" ]]; then
    cmake --preset default >/dev/null
    cmake --build --preset default -j "$(nproc)" >/dev/null
    build=build
else
    cmake --build "$build" --target sh-bench-window sh-bench-postgres >/dev/null
fi
bench="$build/tests/benchmarks/sh-bench-window"

work="$(mktemp -d /tmp/seller-history-bench-window.XXXXXX)"
pgdir="$(mktemp -d /tmp/seller-history-bench-pg.XXXXXX)"
xvfb=""
cleanup() {
    [[ -n "$xvfb" ]] && kill "$xvfb" 2>/dev/null
    tests/support/postgres-server stop "$pgdir"
    rm -rf "$pgdir" "$work"
}
trap cleanup EXIT

# The app's files (demo database, settings, outbox) in a private place.
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_RUNTIME_DIR="$work/run"
mkdir -m 700 "$XDG_RUNTIME_DIR"
platforms=(offscreen)
if command -v Xvfb >/dev/null; then
    display=":$((90 + RANDOM % 100))"
    Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp 2>/dev/null &
    xvfb=$!
    sleep 1
    platforms+=(xcb)
fi
quiet() { grep -v 'propagateSizeHints' >&2 || true; } # offscreen's harmless notice

echo "## Load while measuring"
echo
echo "- before: $(uptime)"
echo
for platform in "${platforms[@]}"; do
    DISPLAY="${display:-}" QT_QPA_PLATFORM="$platform" "$bench" --cold-start $((reps * 4)) \
        2> >(quiet)
done

demo="$XDG_DATA_HOME/seller-history/demo.sqlite"
cp "$demo" "$work/demo.pristine"

server="$(tests/support/postgres-server start "$pgdir")"
"$build/tests/benchmarks/sh-bench-postgres" --pg "$server" --load-only
db="${server%/postgres}/sh_bench_1000000_100000_1"
org=a0000000-0000-0000-0000-000000000001

files=()
for platform in "${platforms[@]}"; do
    tsv="$work/demo database, 100,000 rows ($platform).tsv"
    for ((i = 0; i < reps; i++)); do
        rm -f "$demo"-wal "$demo"-shm
        cp "$work/demo.pristine" "$demo"
        DISPLAY="${display:-}" QT_QPA_PLATFORM="$platform" "$bench" --browse --out "$work" \
            >>"$tsv" 2> >(quiet) || true
    done
    files+=("$tsv")
    tsv="$work/Postgres, 1,000,000 rows ($platform).tsv"
    for ((i = 0; i < reps; i++)); do
        DISPLAY="${display:-}" QT_QPA_PLATFORM="$platform" "$bench" --browse --source "$db" \
            --org "$org" --out "$work" >>"$tsv" 2> >(quiet) || true
        psql -qAt "$db" -c "DELETE FROM seller_audit_log WHERE action = 'export'
                            AND created_at > '2026-11-02'"
    done
    files+=("$tsv")
done
echo "## GUI-thread stalls and peak memory, $reps sessions per table"
echo
"$bench" --summarize "${files[@]}"
echo "- after: $(uptime)"
