#!/usr/bin/env bash
# README command 2: installs what is missing (build deps and the real peers the
# integration tests start), builds, and runs the whole suite with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh --test
bash tools/build.sh
ctest --preset default --timeout 600 "$@"
