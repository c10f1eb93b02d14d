# Shared by the bench scripts and the README's DNS-01 example: a throwaway BIND 9 in the foreground
# (named -g, its own directory under $WORK/bind, no Debian service), serving zone example.test and
# accepting RFC 2136 updates signed with a fresh hmac-sha256 TSIG key.
# Usage: source bench/lib/bind.sh; bind_start [port]   (default port 8054)
#   sets BIND_ADDR (127.0.0.1:port), BIND_KEY_NAME, BIND_SECRET_FILE (the base64 secret, mode 0600)

bind_start() {
  local port="${1:-8054}" dir="$WORK/bind"
  mkdir -p "$dir"
  BIND_KEY_NAME=kube-lego
  tsig-keygen -a hmac-sha256 "$BIND_KEY_NAME" >"$dir/key.conf"
  BIND_SECRET_FILE="$dir/secret"
  (umask 077 && sed -n 's/.*secret "\(.*\)";.*/\1/p' "$dir/key.conf" >"$BIND_SECRET_FILE")
  cat >"$dir/db.example.test" <<ZONE
\$ORIGIN example.test.
\$TTL 60
@ IN SOA ns.example.test. hostmaster.example.test. 1 3600 600 86400 60
@ IN NS ns.example.test.
ns IN A 127.0.0.1
* IN A 127.0.0.1
ZONE
  cat >"$dir/named.conf" <<CONF
include "$dir/key.conf";
options { directory "$dir"; pid-file "$dir/named.pid"; listen-on port $port { 127.0.0.1; }; listen-on-v6 { none; };
  recursion no; dnssec-validation no; notify no; };
controls { };
zone "example.test" { type primary; file "$dir/db.example.test"; allow-update { key $BIND_KEY_NAME; }; };
CONF
  named -g -c "$dir/named.conf" >"$dir/named.log" 2>&1 &
  BIND_PID=$!
  BIND_ADDR="127.0.0.1:$port"
  for _ in $(seq 100); do
    dig +short +tries=1 +time=1 @127.0.0.1 -p "$port" example.test SOA 2>/dev/null | grep -q ns.example.test && return 0
    sleep 0.1
  done
  echo "named did not start; see $dir/named.log" >&2
  return 1
}

bind_stop() {
  kill "${BIND_PID:-}" 2>/dev/null || true
}
