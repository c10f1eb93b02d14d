#!/usr/bin/env python3
# Usage: python3 Fuzz/Corpus/make-dns-seeds.py Fuzz/Corpus/FuzzDNSMessage
# Builds the DNS seed corpus: responses as BIND sends them (compressed names), one TSIG-signed with the harness key.
import hmac, hashlib, struct, os, sys
out = sys.argv[1]

def name(text):
    b = b""
    for label in text.strip(".").split("."):
        if label: b += bytes([len(label)]) + label.encode()
    return b + b"\0"

def ptr(offset): return struct.pack(">H", 0xC000 | offset)

def header(id, flags, qd, an, ns, ar): return struct.pack(">HHHHHH", id, flags, qd, an, ns, ar)

def rr(owner, type, cls, ttl, rdata): return owner + struct.pack(">HHIH", type, cls, ttl, len(rdata)) + rdata

def write(file, data):
    open(os.path.join(out, file), "wb").write(data)

# 1. SOA walk: NXDOMAIN for _acme-challenge.www.example.com SOA, the zone's SOA in authority (compressed).
q = name("_acme-challenge.www.example.com")
msg = header(0x1234, 0x8403, 1, 0, 1, 0) + q + struct.pack(">HH", 6, 1)
zone_off = 12 + 1 + len("_acme-challenge") + 1 + len("www")  # offset of "example.com" label
soa = name("ns1.example.com") + b"\x0ahostmaster" + ptr(zone_off) + struct.pack(">IIIII", 2024050101, 3600, 600, 86400, 60)
write("soa-nxdomain.bin", msg + rr(ptr(zone_off), 6, 1, 60, soa))

# 2. TXT answer with two strings, owner compressed to the question.
q = name("_acme-challenge.example.com")
msg = header(0x0101, 0x8400, 1, 1, 0, 0) + q + struct.pack(">HH", 16, 1)
txt = b"\x2b" + b"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0" + b"\x03abc"
write("txt-answer.bin", msg + rr(ptr(12), 16, 1, 60, txt))

# 3. NS answer with glue A records (and one AAAA kept raw).
q = name("example.com")
msg = header(0x0202, 0x8400, 1, 2, 0, 3) + q + struct.pack(">HH", 2, 1)
ns1 = rr(ptr(12), 2, 1, 3600, b"\x03ns1" + ptr(12))
ns1_off = len(msg) + 2 + 10
ns2 = rr(ptr(12), 2, 1, 3600, b"\x03ns2" + ptr(12))
ns2_off = len(msg) + len(ns1) + 2 + 10
glue = rr(ptr(ns1_off), 1, 1, 3600, bytes([127, 0, 0, 1])) + rr(ptr(ns2_off), 1, 1, 3600, bytes([127, 0, 0, 2])) \
     + rr(ptr(ns2_off), 28, 1, 3600, bytes(15) + b"\x01")
write("ns-with-glue.bin", msg + ns1 + ns2 + glue)

# 4. CNAME answer (delegated _acme-challenge).
q = name("_acme-challenge.a.example.com")
msg = header(0x0303, 0x8400, 1, 1, 0, 0) + q + struct.pack(">HH", 5, 1)
write("cname-answer.bin", msg + rr(ptr(12), 5, 1, 300, b"\x01a\x09acme-zone" + b"\x07example\x03net\x00"))

# 5. An UPDATE response signed with the harness key (kube-lego., hmac-sha256, 32 bytes of 0x2A) over request MAC 01 02 03.
secret, key_name, alg = b"\x2a" * 32, name("kube-lego"), name("hmac-sha256")
now, fudge, orig_id = 1_750_000_000, 300, 0x4242
body = header(orig_id, 0xA800, 1, 0, 0, 0) + name("example.com") + struct.pack(">HH", 6, 1)
variables = key_name + struct.pack(">HI", 255, 0) + alg + struct.pack(">HIHHH", now >> 32, now & 0xFFFFFFFF, fudge, 0, 0)
request_mac = b"\x01\x02\x03"
mac = hmac.new(secret, struct.pack(">H", len(request_mac)) + request_mac + body + variables, hashlib.sha256).digest()
tsig = alg + struct.pack(">HIH", now >> 32, now & 0xFFFFFFFF, fudge) + struct.pack(">H", len(mac)) + mac + struct.pack(">HHH", orig_id, 0, 0)
signed = bytearray(body)
signed[10:12] = struct.pack(">H", 1)
write("update-signed.bin", bytes(signed) + rr(key_name, 250, 255, 0, tsig))

# 6. The same response rejected: TSIG error BADSIG, empty MAC, rcode NOTAUTH.
tsig = alg + struct.pack(">HIH", now >> 32, now & 0xFFFFFFFF, fudge) + struct.pack(">H", 0) + struct.pack(">HHH", orig_id, 16, 0)
bad = header(orig_id, 0xA809, 1, 0, 0, 1) + name("example.com") + struct.pack(">HH", 6, 1)
write("update-badsig.bin", bad + rr(key_name, 250, 255, 0, tsig))

# 7. A truncated UDP answer: header only, TC set.
write("truncated-header.bin", header(0x0505, 0x8380, 0, 0, 0, 0))
