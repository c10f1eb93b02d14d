import CKubeLegoOpenSSL

extension PrivateKey {
    /// Signs a JWS signing input (`base64url(header) "." base64url(payload)`) as `jwsAlgorithm` requires:
    /// RSASSA-PKCS1-v1_5 with SHA-256, or ECDSA with SHA-256/384 as raw `r || s` (64 or 96 bytes).
    public func signJWS(_ signingInput: [UInt8]) throws(TLSError) -> [UInt8] {
        OpenSSLErrorQueue.clear()
        guard let context = EVP_MD_CTX_new() else { throw .openSSL(.signing, "could not create a signing context") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit_ex(context, nil, algorithm.digestName, nil, nil, handle, nil) == 1 else {
            throw .openSSL(.signing, "could not start a \(jwsAlgorithm) signature")
        }
        var length = Int(EVP_PKEY_get_size(handle))
        var signature = [UInt8](repeating: 0, count: length)
        let status = signingInput.withUnsafeBufferPointer { input in
            signature.withUnsafeMutableBufferPointer { output in
                EVP_DigestSign(context, output.baseAddress, &length, input.baseAddress, input.count)
            }
        }
        guard status == 1, length <= signature.count else {
            throw .openSSL(.signing, "could not compute a \(jwsAlgorithm) signature")
        }
        signature.removeLast(signature.count - length)
        guard let size = algorithm.ecCoordinateSize else { return signature }
        return try Self.rawECDSASignature(der: signature, coordinateSize: size)
    }

    /// Converts a DER ECDSA-Sig-Value into JWS's fixed-size `r || s`.
    private static func rawECDSASignature(der: [UInt8], coordinateSize: Int) throws(TLSError) -> [UInt8] {
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_ECDSA_SIG(nil, &cursor, buffer.count)
        }
        guard let parsed else { throw .openSSL(.signing, "OpenSSL returned an unreadable ECDSA signature") }
        defer { ECDSA_SIG_free(parsed) }
        var raw = [UInt8](repeating: 0, count: 2 * coordinateSize)
        let written = raw.withUnsafeMutableBufferPointer { output in
            guard let base = output.baseAddress else { return false }
            return BN_bn2binpad(ECDSA_SIG_get0_r(parsed), base, Int32(coordinateSize)) == coordinateSize
                && BN_bn2binpad(ECDSA_SIG_get0_s(parsed), base + coordinateSize, Int32(coordinateSize)) == coordinateSize
        }
        guard written else { throw .openSSL(.signing, "ECDSA signature does not fit \(coordinateSize)-byte r and s") }
        return raw
    }
}
