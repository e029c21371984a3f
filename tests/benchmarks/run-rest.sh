#!/usr/bin/env bash
# Reproduces the REST figures in RESULTS.md: builds, starts a throwaway
# Postgres server, loads the million-row benchmark database (as
# run-postgres.sh does), starts the contract server on it, and prints the
# REST benchmark: the client's own time for a 1000-row page, the cost per
# page of walking by cursor, and reading the whole org (900,000 rows)
# through windows against plain offset paging (about six minutes).
#
#   tests/benchmarks/run-rest.sh [--rows N] [--reps N]
# Needs the packages of `packaging/dev/bootstrap test`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

cmake --preset default >/dev/null
cmake --build --preset default -j "$(nproc)" >/dev/null

pgdir="$(mktemp -d /tmp/seller-history-bench-pg.XXXXXX)"
trap 'tests/support/postgres-server stop "$pgdir"; rm -rf "$pgdir"' EXIT
server="$(tests/support/postgres-server start "$pgdir")"

build/tests/benchmarks/sh-bench-postgres --pg "$server" --load-only
# Two worker processes, as FastAPI is deployed; --workers 1 for one process.
build/tests/benchmarks/sh-bench-rest --pg "$server" --workers 2 "$@"
