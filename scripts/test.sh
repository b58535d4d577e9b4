#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test. CI runs exactly this.
# The shared-registry tests (ctest -L registry) get a throwaway PostgreSQL cluster on
# loopback, started here and stopped at the end however the run ends.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
./scripts/install-deps.sh
./scripts/build.sh

pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/kps-pg.XXXXXX")"
chmod 0755 "$pg_dir" # the server may run as the postgres account (when we are root)
stop_cluster() { "$root/scripts/pg-cluster.sh" stop "$pg_dir" || true; }
trap stop_cluster EXIT
"$root/scripts/pg-cluster.sh" start "$pg_dir" >/dev/null
export KPS_TEST_PG_HOST=127.0.0.1
export KPS_TEST_PG_PORT="${KPS_PG_PORT:-55432}"
export KPS_TEST_PG_USER=kps
export KPS_TEST_PG_DATABASE=kps
export KPS_TEST_PG_PASSFILE="$pg_dir/pgpass"

cd "${KPS_BUILD_DIR:-build}"
ctest --output-on-failure --parallel "$(nproc)" --timeout 900
cd "$root"
# The unit suites under ASan/UBSan and a short run of every fuzz target (separate
# build directory; KPS_SKIP_HARDENED=1 leaves it out on a developer machine).
if [ "${KPS_SKIP_HARDENED:-0}" != 1 ]; then
    ./scripts/hardened.sh
fi
