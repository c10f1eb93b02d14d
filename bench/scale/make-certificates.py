#!/usr/bin/env python3
"""Writes N certificates for bench/scale's pass mode as JSON lines {host, crt, key}: host p-<i>.example.com,
EC P-256, 60 days, signed by a throwaway CA (one leaf key shared by all, to keep generation fast; the planner
checks names, dates and that the key matches the certificate, not that keys differ).
    make-certificates.py N OUTPUT"""
import datetime, json, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

count, output = int(sys.argv[1]), sys.argv[2]
now = datetime.datetime.now(datetime.timezone.utc)
ca_key = ec.generate_private_key(ec.SECP256R1())
ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bench-scale CA")])
ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
leaf_key = ec.generate_private_key(ec.SECP256R1())
key_pem = leaf_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                 serialization.NoEncryption()).decode()
with open(output, "w") as out:
    for i in range(count):
        host = f"p-{i}.example.com"
        cert = (x509.CertificateBuilder()
                .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
                .issuer_name(ca_name).public_key(leaf_key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=60))
                .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
                .sign(ca_key, hashes.SHA256()))
        out.write(json.dumps({"host": host, "crt": cert.public_bytes(serialization.Encoding.PEM).decode(), "key": key_pem}) + "\n")
