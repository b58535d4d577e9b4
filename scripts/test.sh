#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
cd "${KPS_BUILD_DIR:-build}"
ctest --output-on-failure --parallel "$(nproc)" --timeout 900
