#!/usr/bin/env bash
# Builds the app and serves it at http://127.0.0.1:8080 (rebuilding on change).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
echo "Rapport: http://127.0.0.1:${PORT:-8080}/"
wasm trunk serve --release --address 127.0.0.1 --port "${PORT:-8080}"
