# Shared by the bench scripts: start Pebble + pebble-challtestsrv on loopback in $WORK, stop them on exit.
# Usage: source bench/lib/pebble.sh; pebble_start   (sets PEBBLE_DIR_URL, PEBBLE_CA, PEBBLE_HTTP_PORT, PEBBLE_MGMT)
# Honours PEBBLE_VA_NOSLEEP, PEBBLE_WFE_NONCEREJECT, PEBBLE_AUTHZREUSE from the caller (defaults: 1, 0, 0), and
# PEBBLE_DNS_SERVER (host:port Pebble resolves and validates DNS-01 through; default its challtestsrv).

pebble_start() {
  local dir="$WORK/pebble"
  mkdir -p "$dir"
  (
    cd "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj "/CN=bench pebble listener CA" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout key.pem -out leaf.csr -subj "/CN=localhost" 2>/dev/null
    printf "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n" > leaf.ext
    openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out cert.pem -days 30 -extfile leaf.ext 2>/dev/null
    cat > config.json <<JSON
{"pebble":{"listenAddress":"127.0.0.1:14000","managementListenAddress":"127.0.0.1:15000",
 "certificate":"cert.pem","privateKey":"key.pem","httpPort":5002,"tlsPort":5001,"ocspResponderURL":""}}
JSON
  )
  pebble-challtestsrv -defaultIPv4 127.0.0.1 -defaultIPv6 "" -dns01 127.0.0.1:8053 \
    -http01 "" -https01 "" -tlsalpn01 "" -management 127.0.0.1:8055 >"$dir/challtestsrv.log" 2>&1 &
  PEBBLE_CHALLTESTSRV_PID=$!
  (cd "$dir" && PEBBLE_VA_NOSLEEP="${PEBBLE_VA_NOSLEEP:-1}" PEBBLE_WFE_NONCEREJECT="${PEBBLE_WFE_NONCEREJECT:-0}" \
    PEBBLE_AUTHZREUSE="${PEBBLE_AUTHZREUSE:-0}" exec pebble -config config.json -dnsserver "${PEBBLE_DNS_SERVER:-127.0.0.1:8053}") \
    >"$dir/pebble.log" 2>&1 &
  PEBBLE_PID=$!
  trap pebble_stop EXIT
  PEBBLE_DIR_URL="https://127.0.0.1:14000/dir"
  PEBBLE_CA="$dir/ca.pem"
  PEBBLE_HTTP_PORT=5002
  PEBBLE_MGMT="https://127.0.0.1:15000"
  for _ in $(seq 100); do
    curl -fsS --cacert "$PEBBLE_CA" "$PEBBLE_DIR_URL" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "pebble did not start; see $dir/pebble.log" >&2
  return 1
}

pebble_stop() {
  kill "${PEBBLE_PID:-}" "${PEBBLE_CHALLTESTSRV_PID:-}" 2>/dev/null || true
  wait 2>/dev/null || true
}

# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
