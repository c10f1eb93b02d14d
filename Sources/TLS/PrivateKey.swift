import CKubeLegoOpenSSL

/// An immutable private key (RSA or ECDSA P-256/P-384) that owns its OpenSSL `EVP_PKEY`.
///
/// Sendable because nothing mutates the key after creation; OpenSSL 3 allows concurrent use of a const key.
public final class PrivateKey: @unchecked Sendable {
    /// The owned key handle.
    let handle: OpaquePointer
    /// What the key is.
    public let algorithm: KeyAlgorithm
    /// The public half as a JSON Web Key, computed once.
    public let publicJWK: JWK

    /// Takes ownership of `handle`, freeing it also when the key turns out unsupported.
    init(taking handle: OpaquePointer) throws(TLSError) {
        do {
            let algorithm = try Self.algorithm(of: handle)
            self.publicJWK = try JWK(publicKeyOf: handle, algorithm: algorithm)
            self.algorithm = algorithm
        } catch {
            EVP_PKEY_free(handle)
            throw error
        }
        self.handle = handle
    }

    deinit {
        EVP_PKEY_free(handle)
    }

    /// The JWS `alg` this key signs with: "RS256", "ES256" or "ES384".
    public var jwsAlgorithm: String {
        switch algorithm {
        case .rsa: "RS256"
        case .ecdsaP256: "ES256"
        case .ecdsaP384: "ES384"
        }
    }

    /// Whether `certificate` carries this key's public key.
    public func matches(_ certificate: Certificate) -> Bool {
        OpenSSLErrorQueue.clear()
        defer { OpenSSLErrorQueue.clear() }
        guard let x509 = try? X509Handle(der: certificate.der), let publicKey = X509_get0_pubkey(x509.handle) else {
            return false
        }
        return EVP_PKEY_eq(handle, publicKey) == 1
    }

    /// Throws `.keyMismatch` naming the certificate unless it carries this key's public key.
    public func requireMatch(_ certificate: Certificate) throws(TLSError) {
        guard matches(certificate) else {
            let subject = certificate.subjectCommonName ?? certificate.dnsNames.first ?? "without a name"
            throw TLSError(
                code: .keyMismatch,
                reason: "the private key does not belong to certificate \(subject) (SHA-256 \(certificate.sha256Fingerprint))"
            )
        }
    }

    /// Classifies a key, rejecting algorithms, curves and sizes this module does not use.
    private static func algorithm(of handle: OpaquePointer) throws(TLSError) -> KeyAlgorithm {
        if EVP_PKEY_is_a(handle, "RSA") == 1 {
            let bits = Int(EVP_PKEY_get_bits(handle))
            guard KeyAlgorithm.acceptedRSABits.contains(bits) else {
                throw TLSError(
                    code: .unsupportedKey,
                    reason: "RSA key of \(bits) bits; supported sizes are \(KeyAlgorithm.acceptedRSABits.lowerBound) to \(KeyAlgorithm.acceptedRSABits.upperBound) bits"
                )
            }
            return .rsa(bits: bits)
        }
        if EVP_PKEY_is_a(handle, "EC") == 1 {
            var name = [CChar](repeating: 0, count: 80)
            var length = 0
            guard EVP_PKEY_get_group_name(handle, &name, name.count, &length) == 1 else {
                throw .openSSL(.unsupportedKey, "EC key without a named curve; supported curves are P-256 and P-384")
            }
            let curve = String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            switch curve {
            case "prime256v1", "P-256", "secp256r1": return .ecdsaP256
            case "secp384r1", "P-384": return .ecdsaP384
            default:
                throw TLSError(code: .unsupportedKey, reason: "EC key on curve \(curve); supported curves are P-256 and P-384")
            }
        }
        let type = EVP_PKEY_get0_type_name(handle).map { String(cString: $0) } ?? "unknown"
        throw TLSError(code: .unsupportedKey, reason: "\(type) key; supported are RSA and ECDSA P-256/P-384")
    }
}
