#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install what is missing, build, and run
# a simulated line provisioning a batch end to end. Outputs go to ./kps-demo
# (or the folder given with --out); extra arguments go to `kps demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
exec "${KPS_BUILD_DIR:-build}/app/kps" demo "$@"
