import CKubeLegoOpenSSL

extension PrivateKey {
    /// PEM labels of unencrypted private keys, with the OpenSSL key type each one implies (nil: any, PKCS#8).
    private static let plainLabels: [String: Int32?] = [
        "PRIVATE KEY": nil,
        "RSA PRIVATE KEY": EVP_PKEY_RSA,
        "EC PRIVATE KEY": EVP_PKEY_EC,
    ]

    /// Reads a PKCS#1 ("RSA PRIVATE KEY"), SEC1 ("EC PRIVATE KEY") or PKCS#8 ("PRIVATE KEY") PEM key.
    ///
    /// Other blocks (such as "EC PARAMETERS" or certificates) are skipped; exactly one key block must be there.
    /// Encrypted keys are rejected with `.encryptedKey` without asking for a passphrase; truncated or garbled
    /// text gives `.invalidPEM`; other algorithms, curves or sizes give `.unsupportedKey`.
    public convenience init(pem: String) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        let blocks = try PEMBlock.parseAll(pem)
        let keyBlocks = blocks.filter { $0.label.hasSuffix("PRIVATE KEY") }
        guard keyBlocks.count == 1, let block = keyBlocks.first else {
            let found = blocks.map(\.label).joined(separator: ", ")
            throw TLSError(
                code: .invalidPEM,
                reason: "expected one private key PEM block, found \(keyBlocks.count) (blocks: \(found))"
            )
        }
        if block.label == "ENCRYPTED PRIVATE KEY" || block.isEncrypted {
            throw TLSError(code: .encryptedKey, reason: "\(block.name) is encrypted; a key without a passphrase is needed")
        }
        guard let type = Self.plainLabels[block.label] else {
            throw TLSError(code: .unsupportedKey, reason: "\(block.name) is not an RSA, EC or PKCS#8 private key")
        }
        let key: OpaquePointer? = block.der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            let key: OpaquePointer? = if let type {
                d2i_PrivateKey_ex(type, nil, &cursor, buffer.count, nil, nil)
            } else {
                d2i_AutoPrivateKey_ex(nil, &cursor, buffer.count, nil, nil)
            }
            guard let key, cursor == buffer.baseAddress.map({ $0 + buffer.count }) else {
                key.map { EVP_PKEY_free($0) }
                return nil
            }
            return key
        }
        guard let key else { throw .openSSL(.invalidPEM, "\(block.name) does not hold a readable private key") }
        try self.init(taking: key)
    }

    /// The key as PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----").
    public func pemPKCS8() throws(TLSError) -> String {
        OpenSSLErrorQueue.clear()
        let bio = try MemoryBIO(secure: true)
        guard PEM_write_bio_PrivateKey(bio.handle, handle, nil, nil, 0, nil, nil) == 1 else {
            throw .openSSL(.openSSL, "could not write the private key as PKCS#8 PEM")
        }
        return try bio.readText()
    }

    /// The key in its traditional PEM form: PKCS#1 "RSA PRIVATE KEY" or SEC1 "EC PRIVATE KEY".
    public func pemTraditional() throws(TLSError) -> String {
        OpenSSLErrorQueue.clear()
        let bio = try MemoryBIO(secure: true)
        guard PEM_write_bio_PrivateKey_traditional(bio.handle, handle, nil, nil, 0, nil, nil) == 1 else {
            throw .openSSL(.openSSL, "could not write the private key as traditional PEM")
        }
        return try bio.readText()
    }
}
