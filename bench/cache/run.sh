#!/usr/bin/env bash
# The client-side cache beside many unrelated Secrets (issue 4; compare cert-manager#4722):
# a sandbox API server process holds 10,000 Ingresses and 30,000 unrelated ~2 KB Secrets (+100 managed ones);
# a separate client process caches every Ingress and only the managed (labelled) Secrets, and reports the time
# from start to synced and its peak/current resident memory (VmHWM/VmRSS from /proc/self/status).
# For contrast it then runs once caching every Secret.
#   bench/cache/run.sh [INGRESSES] [SECRETS]      (defaults 10000 30000)
set -euo pipefail
cd "$(dirname "$0")/../.."
INGRESSES="${1:-10000}"
SECRETS="${2:-30000}"
swift build -c release --product bench-cache >/dev/null
BIN="$(swift build -c release --show-bin-path)/bench-cache"
WORK="$(mktemp -d /tmp/bench-cache.XXXXXX)"
"$BIN" serve --ingresses "$INGRESSES" --secrets "$SECRETS" --managed 100 --url-file "$WORK/url" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
fill_start=$(date +%s.%N)
for _ in $(seq 1 600); do [ -s "$WORK/url" ] && break; sleep 0.5; done
[ -s "$WORK/url" ] || { echo "sandbox did not come up" >&2; exit 1; }
echo "sandbox filled with $INGRESSES Ingresses and $SECRETS+100 Secrets in $(echo "$(date +%s.%N) - $fill_start" | bc) s" >&2
URL="$(cat "$WORK/url")"
echo "managed Secrets only (the controller's way):"
"$BIN" client --url "$URL"
echo "every Secret (for contrast):"
"$BIN" client --url "$URL" --all-secrets
