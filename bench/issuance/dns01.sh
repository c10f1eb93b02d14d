#!/usr/bin/env bash
# DNS-01: issues N certificates (each *.NAME and NAME: two authorizations sharing one TXT name) one after another
# with kube-lego certonly --challenge dns-01 and with lego --dns rfc2136, against the same BIND 9 (RFC 2136 +
# TSIG hmac-sha256) and the same Pebble validating through it, in the same run; prints the median seconds per
# certificate for each and the ratio.
#   bench/issuance/dns01.sh [N]      (default N=10)
# Pebble: PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0.
# Propagation checks: ours queries every authoritative server of the zone (the one BIND, on its port).
# lego's complete-propagation check asks the zone's NS on port 53, which this loopback BIND cannot serve,
# so lego runs with --dns.resolvers BIND --dns.disable-cp: it checks the record once through BIND, which
# is less work than ours, not more. lego solves the two authorizations one after the other, RFC2136_SEQUENCE_INTERVAL
# apart (default: the propagation timeout, 60 s here); it is set to 1 s, lego's best case.
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-10}"
scripts/install-deps --bench
swift build -c release --product kube-lego >/dev/null
KUBE_LEGO="$(swift build -c release --show-bin-path)/kube-lego"
WORK="$(mktemp -d /tmp/bench-dns01.XXXXXX)"
source bench/lib/bind.sh
source bench/lib/pebble.sh
bind_start "${BIND_PORT:-8054}"
PEBBLE_DNS_SERVER="$BIND_ADDR" pebble_start
# named first: pebble_stop's wait would otherwise wait for it too.
trap 'bind_stop; pebble_stop' EXIT
SECRET="$(cat "$BIND_SECRET_FILE")"

now() { date +%s.%N; }
run_ours() {
  "$KUBE_LEGO" certonly --acme-url "$PEBBLE_DIR_URL" --ca-file "$PEBBLE_CA" --email bench@example.com \
    --challenge dns-01 --dns01-nameserver "$BIND_ADDR" --dns01-tsig-key-name "$BIND_KEY_NAME" \
    --dns01-tsig-secret-file "$BIND_SECRET_FILE" --domain "*.$1" --domain "$1" --key-type ec256 \
    --account-key "$WORK/ours-account.pem" --out "$WORK/ours/$1" >"$WORK/ours.log" 2>&1
}
run_lego() {
  LEGO_CA_CERTIFICATES="$PEBBLE_CA" RFC2136_NAMESERVER="$BIND_ADDR" RFC2136_TSIG_KEY="$BIND_KEY_NAME." \
    RFC2136_TSIG_SECRET="$SECRET" RFC2136_TSIG_ALGORITHM="hmac-sha256." RFC2136_PROPAGATION_TIMEOUT=60 \
    RFC2136_POLLING_INTERVAL=1 RFC2136_SEQUENCE_INTERVAL=1 RFC2136_TTL=60 \
    lego --server "$PEBBLE_DIR_URL" --email bench@example.com --accept-tos --domains "*.$1" --domains "$1" \
    --dns rfc2136 --dns.resolvers "$BIND_ADDR" --dns.disable-cp --key-type ec256 --path "$WORK/lego" run \
    >"$WORK/lego.log" 2>&1
}

declare -A results
for client in ours lego; do
  times="$WORK/$client.times"
  : >"$times"
  for i in $(seq 0 "$N"); do
    domain="$client-$i-$RANDOM.example.test"
    start=$(now)
    if ! "run_$client" "$domain"; then
      echo "$client failed for $domain; log:" >&2
      tail -20 "$WORK/$client.log" >&2
      exit 1
    fi
    # The first run also registers the account: left out of the median, as every client keeps its account.
    [[ $i -eq 0 ]] || echo "$(now) - $start" | bc >>"$times"
    leftover=$(dig +short @127.0.0.1 -p "${BIND_ADDR##*:}" "_acme-challenge.$domain" TXT)
    [[ -z "$leftover" ]] || { echo "$client left TXT records behind for $domain: $leftover" >&2; exit 1; }
  done
  results[$client]=$(median <"$times")
done

printf "%-10s %s\n" client "median s/cert (N=$N, EC P-256, *.name + name via DNS-01 / RFC 2136)"
for client in ours lego; do printf "%-10s %.3f\n" "$client" "${results[$client]}"; done
printf "ours/lego  %.3f\n" "$(echo "${results[ours]} / ${results[lego]}" | bc -l)"
grep -h 'requests' "$WORK/ours.log" | tail -1 || true
