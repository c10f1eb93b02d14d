import CKubeLegoOpenSSL

/// Keyed message authentication codes.
public enum HMAC {
    /// HMAC-SHA-256 (RFC 2104) of `message` under `key`: JWS HS256, as ACME external account binding uses it.
    public static func sha256(key: [UInt8], message: [UInt8]) throws(TLSError) -> [UInt8] {
        OpenSSLErrorQueue.clear()
        var output = [UInt8](repeating: 0, count: 32)
        var length = 0
        // A non-null key pointer even for an empty key: OpenSSL treats a null key as "no key".
        let keyBytes = key.isEmpty ? [0] : key
        let result = keyBytes.withUnsafeBytes { keyBuffer in
            message.withUnsafeBytes { messageBuffer in
                output.withUnsafeMutableBufferPointer { out in
                    EVP_Q_mac(
                        nil, "HMAC", nil, "SHA256", nil,
                        keyBuffer.baseAddress, key.count,
                        messageBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBuffer.count,
                        out.baseAddress, out.count, &length
                    )
                }
            }
        }
        guard result != nil, length == 32 else { throw .openSSL(.openSSL, "HMAC-SHA-256 failed") }
        return output
    }
}
