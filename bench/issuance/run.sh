#!/usr/bin/env bash
# Issues N single-host EC P-256 certificates one after another against one Pebble with kube-lego certonly,
# lego and certbot, in the same run, and prints the median seconds per certificate for each and the ratios.
#   bench/issuance/run.sh [N]      (default N=10)
# Pebble: PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 (no random sleeps, no nonce
# rejections, no authorization reuse), so what is measured is each client's own work and waits.
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-10}"
scripts/install-deps --bench
swift build -c release --product kube-lego >/dev/null
KUBE_LEGO="$(swift build -c release --show-bin-path)/kube-lego"
WORK="$(mktemp -d /tmp/bench-issuance.XXXXXX)"
source bench/lib/pebble.sh
pebble_start

now() { date +%s.%N; }
run_ours() {
  "$KUBE_LEGO" certonly --acme-url "$PEBBLE_DIR_URL" --ca-file "$PEBBLE_CA" --email bench@example.com \
    --domain "$1" --http-port "$PEBBLE_HTTP_PORT" --key-type ec256 --account-key "$WORK/ours-account.pem" \
    --out "$WORK/ours/$1" >"$WORK/ours.log" 2>&1
}
run_lego() {
  LEGO_CA_CERTIFICATES="$PEBBLE_CA" lego --server "$PEBBLE_DIR_URL" --email bench@example.com --accept-tos \
    --domains "$1" --http --http.port ":$PEBBLE_HTTP_PORT" --key-type ec256 --path "$WORK/lego" run \
    >"$WORK/lego.log" 2>&1
}
run_certbot() {
  REQUESTS_CA_BUNDLE="$PEBBLE_CA" certbot certonly --standalone --http-01-port "$PEBBLE_HTTP_PORT" \
    --server "$PEBBLE_DIR_URL" -d "$1" --agree-tos -m bench@example.com --non-interactive \
    --key-type ecdsa --elliptic-curve secp256r1 --config-dir "$WORK/certbot/config" \
    --work-dir "$WORK/certbot/work" --logs-dir "$WORK/certbot/logs" >"$WORK/certbot.log" 2>&1
}

declare -A results
for client in ours lego certbot; do
  times="$WORK/$client.times"
  : >"$times"
  for i in $(seq 0 "$N"); do
    domain="$client-$i-$RANDOM.bench.example"
    start=$(now)
    if ! "run_$client" "$domain"; then
      echo "$client failed for $domain; log:" >&2
      tail -20 "$WORK/$client.log" >&2
      exit 1
    fi
    # The first run also registers the account: left out of the median, as every client keeps its account.
    [[ $i -eq 0 ]] || echo "$(now) - $start" | bc >>"$times"
  done
  results[$client]=$(median <"$times")
done

printf "%-10s %s\n" client "median s/cert (N=$N, EC P-256, one host each)"
for client in ours lego certbot; do printf "%-10s %.3f\n" "$client" "${results[$client]}"; done
printf "ours/lego    %.3f\nours/certbot %.3f\n" \
  "$(echo "${results[ours]} / ${results[lego]}" | bc -l)" "$(echo "${results[ours]} / ${results[certbot]}" | bc -l)"
grep -h 'requests' "$WORK/ours.log" | tail -1 || true
