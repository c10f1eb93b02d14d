#!/usr/bin/env bash
# bench/scale (issue 16): kube-lego at scale in the sandbox cluster (API server + nginx + Pebble) with the real
# binary (release build). See bench/scale/Sources/ScaleBenchmark.swift.
#   bench/scale/run.sh bulk [N]         N Ingresses at once (default 100)
#   bench/scale/run.sh latency [TRIALS] annotate → valid Secret, one at a time (default 50)
#   bench/scale/run.sh pass [N]         a pass over N served Ingresses with valid certificates (default 10000)
#   bench/scale/run.sh periodic [N]     the same, then the first periodic check 5 minutes later (LEGO_CHECK_INTERVAL=5m)
# LEGO_* variables of the caller reach kube-lego.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-deps
export PATH="/usr/sbin:$PATH"
swift build -c release --product kube-lego >/dev/null
swift build -c release --product bench-scale >/dev/null
BIN="$(swift build -c release --show-bin-path)"
MODE="${1:-bulk}"
case "$MODE" in
  bulk) "$BIN/bench-scale" bulk "$BIN/kube-lego" "${2:-100}" ;;
  latency) "$BIN/bench-scale" latency "$BIN/kube-lego" "${2:-50}" ;;
  pass|periodic)
    N="${2:-10000}"
    CERTS="/tmp/bench-scale-certificates-$N.jsonl"
    [ -s "$CERTS" ] || python3 bench/scale/make-certificates.py "$N" "$CERTS"
    if [ "$MODE" = periodic ]; then
      LEGO_CHECK_INTERVAL=5m "$BIN/bench-scale" pass "$BIN/kube-lego" "$N" "$CERTS" periodic
    else
      "$BIN/bench-scale" pass "$BIN/kube-lego" "$N" "$CERTS"
    fi ;;
  *) echo "unknown mode $MODE" >&2; exit 2 ;;
esac
