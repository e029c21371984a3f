#!/usr/bin/env bash
# Reproduces the export figures in RESULTS.md: builds, starts a throwaway
# Postgres server, loads the benchmark data (1,000,000 audit rows / 100,000
# sellers, seed 1, cached under /tmp/seller-history-bench; see
# run-postgres.sh), then
#   - sh-bench-export: the org's 900,000 history rows exported through
#     SqlSource against `psql \copy` of the same SELECT, alternating, the
#     export's record, and the sellers export (medians, p95, peak RSS);
#   - the command line end to end, REPS times: `seller-history export` of the
#     whole org (process start, COPY, file, outbox, record), its wall time
#     and peak RSS from /usr/bin/time. Each record it writes is deleted again.
#
#   tests/benchmarks/run-export.sh [--reps N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
reps=5
[[ "${1:-}" == "--reps" ]] && reps="$2"

cmake --preset default >/dev/null
cmake --build --preset default -j "$(nproc)" >/dev/null

pgdir="$(mktemp -d /tmp/seller-history-bench-pg.XXXXXX)"
out="$(mktemp -d /tmp/seller-history-bench-out.XXXXXX)"
trap 'tests/support/postgres-server stop "$pgdir"; rm -rf "$pgdir" "$out"' EXIT
server="$(tests/support/postgres-server start "$pgdir")"
build/tests/benchmarks/sh-bench-postgres --pg "$server" --reps 1 >/dev/null

build/tests/benchmarks/sh-bench-export --pg "$server" --reps "$reps"

db="${server%/postgres}/sh_bench_1000000_100000_1"
org=a0000000-0000-0000-0000-000000000001
export XDG_DATA_HOME="$out/data" QT_QPA_PLATFORM=offscreen
echo
echo "| seller-history export, end to end (wall s, peak RSS MB) |"
echo "|---|"
for ((i = 0; i < reps; i++)); do
    /usr/bin/time -f "%e %M" -o "$out/time" build/app/seller-history export \
        --source "$db" --org "$org" --output "$out/app.csv" >/dev/null
    read -r t rss <"$out/time"
    echo "| $t s, $((rss / 1024)) MB |"
    psql -qAt "$db" -c "DELETE FROM seller_audit_log WHERE action = 'export'
                        AND created_at > '2026-11-02'"
done
