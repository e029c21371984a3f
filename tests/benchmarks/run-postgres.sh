#!/usr/bin/env bash
# Reproduces the Postgres figures in RESULTS.md: builds, starts a throwaway
# Postgres server, generates 1,000,000 audit rows / 100,000 sellers in two
# orgs (seed 1, cached under /tmp/seller-history-bench), loads them into the
# upstream schema, prints the paging benchmark and the bulk flag benchmark
# (10,000 sellers), then checks that the command
# line's pages 1, 10,000 and last, and the page after a next_cursor, are
# exactly Postgres's own ORDER BY created_at DESC, id DESC for the org.
#
#   tests/benchmarks/run-postgres.sh [--reps N] [--events N --sellers N]
# Needs the packages of `packaging/dev/bootstrap test` (postgresql, python3).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

cmake --preset default >/dev/null
cmake --build --preset default -j "$(nproc)" >/dev/null

pgdir="$(mktemp -d /tmp/seller-history-bench-pg.XXXXXX)"
trap 'tests/support/postgres-server stop "$pgdir"; rm -rf "$pgdir"' EXIT
server="$(tests/support/postgres-server start "$pgdir")"

events=1000000 sellers=100000
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[$i]}" in
        --events) events="${args[$((i + 1))]}" ;;
        --sellers) sellers="${args[$((i + 1))]}" ;;
    esac
done

build/tests/benchmarks/sh-bench-postgres --pg "$server" "$@"
echo
build/tests/benchmarks/sh-bench-flag --pg "$server" --database "sh_bench_${events}_${sellers}_1"

db="${server%/postgres}/sh_bench_${events}_${sellers}_1"
org=a0000000-0000-0000-0000-000000000001
cli=(build/app/seller-history history --source "$db" --org "$org" --json --page-size 50)
expected() { # offset → the ids Postgres itself returns for that page
    psql -qAt "$db" -c "SELECT id FROM seller_audit_log WHERE org_id = '$org'
                        ORDER BY created_at DESC, id DESC LIMIT 50 OFFSET $1"
}
ids() { /usr/bin/python3 -c 'import json, sys; [print(e["id"]) for e in json.load(sys.stdin)["entries"]]'; }
field() { /usr/bin/python3 -c "import json, sys; print(json.load(sys.stdin)[\"$1\"])"; }

echo
echo "### The command line against Postgres's own order"
echo
total="$(psql -qAt "$db" -c "SELECT count(*) FROM seller_audit_log WHERE org_id = '$org'")"
last_offset=$(( (total - 1) / 50 * 50 ))
check() { # label, cli output, offset
    if diff <(printf '%s\n' "$2" | ids) <(expected "$3") >/dev/null; then
        echo "- $1: identical (50 rows from offset $3)"
    else
        echo "- $1: DIFFERENT"
        exit 1
    fi
}
page1="$("${cli[@]}")"
check "page 1" "$page1" 0
page10k="$("${cli[@]}" --page 10000)"
check "page 10,000" "$page10k" 499950
check "last page" "$("${cli[@]}" --page last)" "$last_offset"
next="$(printf '%s\n' "$page10k" | field next_cursor)"
check "the page after page 10,000's next_cursor" "$("${cli[@]}" --after "$next")" 500000
