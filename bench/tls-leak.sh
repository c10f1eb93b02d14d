#!/usr/bin/env bash
# Leak check for KubeLegoTLS: builds bench/tls-leak-check (release) and runs 10,000 iterations of
# parse PEM key + parse chain + sign JWS + make CSR (+ two rejected inputs) under valgrind memcheck.
# Prints valgrind's "definitely lost" line and the RSS figures; exits non-zero on any leak or memory error.
# Usage: bench/tls-leak.sh [iterations] [ec256|rsa2048]   (defaults: 10000 ec256)
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-10000}"
key_type="${2:-ec256}"
command -v valgrind >/dev/null || { apt-get install -y valgrind >/dev/null; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A chain like a CA returns: leaf (DNS + IP SANs) then intermediate, made with the openssl CLI.
( cd "$work"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout root.key -out root.pem \
      -days 30 -subj "/CN=leak root" -addext basicConstraints=critical,CA:TRUE 2>/dev/null
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout inter.key -out inter.csr \
      -subj "/CN=leak intermediate" 2>/dev/null
  printf "basicConstraints=critical,CA:TRUE\n" > inter.ext
  openssl x509 -req -in inter.csr -CA root.pem -CAkey root.key -set_serial 2 -days 30 -extfile inter.ext -out inter.pem 2>/dev/null
  if [ "$key_type" = rsa2048 ]; then
      openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out leaf.key 2>/dev/null
  else
      openssl ecparam -name prime256v1 -genkey -noout -out leaf.key
  fi
  openssl req -new -key leaf.key -out leaf.csr -subj "/CN=leak.example.test"
  printf "subjectAltName=DNS:leak.example.test,DNS:www.leak.example.test,IP:127.0.0.1,IP:::1\n" > leaf.ext
  openssl x509 -req -in leaf.csr -CA inter.pem -CAkey inter.key -set_serial 3 -days 30 -extfile leaf.ext -out leaf.pem 2>/dev/null
  cat leaf.pem inter.pem > chain.pem )

swift build -c release --product tls-leak-check >&2
binary="$(swift build -c release --show-bin-path)/tls-leak-check"

echo "== without valgrind ($iterations iterations, $key_type key)"
/usr/bin/time -f "wall=%es max-rss-kib=%M" "$binary" "$work/leaf.key" "$work/chain.pem" "$iterations"

echo "== under valgrind memcheck"
status=0
# Swift's runtime keeps a few metadata-cache blocks that valgrind calls "possibly lost" (a constant ~160 bytes,
# independent of the iteration count): only definite and indirect leaks, and memory errors, fail the run.
valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=1 --log-file="$work/valgrind.log" \
    "$binary" "$work/leaf.key" "$work/chain.pem" "$iterations" || status=$?
grep -E "definitely lost|indirectly lost|possibly lost|still reachable|ERROR SUMMARY" "$work/valgrind.log" | sed 's/^==[0-9]*== *//'
if [ "$status" -ne 0 ]; then
    cp "$work/valgrind.log" "${TLS_LEAK_LOG:-/tmp/tls-leak-valgrind.log}"
    echo "FAIL: valgrind reported errors; full log in ${TLS_LEAK_LOG:-/tmp/tls-leak-valgrind.log}" >&2
fi
exit "$status"
