import CKubeLegoOpenSSL

/// Keyed message authentication codes.
public enum HMAC {
    /// HMAC-SHA-256 (RFC 2104) of `message` under `key`: JWS HS256, as ACME external account binding uses it; TSIG hmac-sha256.
    public static func sha256(key: [UInt8], message: [UInt8]) throws(TLSError) -> [UInt8] {
        try compute(digest: "SHA256", size: 32, key: key, message: message)
    }

    /// HMAC-SHA-512 of `message` under `key`: TSIG hmac-sha512 (RFC 8945).
    public static func sha512(key: [UInt8], message: [UInt8]) throws(TLSError) -> [UInt8] {
        try compute(digest: "SHA512", size: 64, key: key, message: message)
    }

    /// HMAC-SHA-1 of `message` under `key`: TSIG hmac-sha1, for old DNS servers only.
    public static func sha1(key: [UInt8], message: [UInt8]) throws(TLSError) -> [UInt8] {
        try compute(digest: "SHA1", size: 20, key: key, message: message)
    }

    /// One-shot HMAC with the named OpenSSL digest, whose output is `size` bytes.
    private static func compute(digest: String, size: Int, key: [UInt8], message: [UInt8]) throws(TLSError) -> [UInt8] {
        OpenSSLErrorQueue.clear()
        var output = [UInt8](repeating: 0, count: size)
        var length = 0
        // A non-null key pointer even for an empty key: OpenSSL treats a null key as "no key".
        let keyBytes = key.isEmpty ? [0] : key
        let result = keyBytes.withUnsafeBytes { keyBuffer in
            message.withUnsafeBytes { messageBuffer in
                output.withUnsafeMutableBufferPointer { out in
                    EVP_Q_mac(
                        nil, "HMAC", nil, digest, nil,
                        keyBuffer.baseAddress, key.count,
                        messageBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBuffer.count,
                        out.baseAddress, out.count, &length
                    )
                }
            }
        }
        guard result != nil, length == size else { throw .openSSL(.openSSL, "HMAC-\(digest) failed") }
        return output
    }
}
