import CKubeLegoOpenSSL

extension PrivateKey {
    /// Generates a fresh key of `type`.
    public static func generate(_ type: KeyType) throws(TLSError) -> PrivateKey {
        OpenSSLErrorQueue.clear()
        let algorithm = type.algorithm
        guard let context = EVP_PKEY_CTX_new_from_name(nil, algorithm.ecCoordinateSize == nil ? "RSA" : "EC", nil) else {
            throw .openSSL(.keyGeneration, "could not create a key generation context for \(type.rawValue)")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else {
            throw .openSSL(.keyGeneration, "could not start generating a \(type.rawValue) key")
        }
        let configured: Int32
        switch algorithm {
        case .rsa(let bits): configured = EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bits))
        case .ecdsaP256, .ecdsaP384: configured = EVP_PKEY_CTX_set_group_name(context, algorithm.jwkCurve)
        }
        guard configured == 1 else { throw .openSSL(.keyGeneration, "could not configure a \(type.rawValue) key") }
        var key: OpaquePointer?
        guard EVP_PKEY_generate(context, &key) == 1, let key else {
            throw .openSSL(.keyGeneration, "could not generate a \(type.rawValue) key")
        }
        return try PrivateKey(taking: key)
    }
}
