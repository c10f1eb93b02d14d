#!/usr/bin/env bash
# bench/bulk: N annotated Ingresses (one host each, default 100) created at once in the sandbox cluster
# (API server + nginx + Pebble); the real kube-lego binary (release) issues them all. Prints the seconds until
# every Secret holds a certificate, API and ACME requests per certificate, and the controller's memory.
#   bench/bulk/run.sh [N]          (LEGO_* variables of the caller, e.g. LEGO_KUBE_QPS=500 LEGO_WORKERS=16, reach kube-lego)
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-deps
export PATH="/usr/sbin:$PATH"
swift build -c release --product kube-lego >/dev/null
swift build -c release --product bench-bulk >/dev/null
BIN="$(swift build -c release --show-bin-path)"
"$BIN/bench-bulk" "$BIN/kube-lego" "${1:-100}"
