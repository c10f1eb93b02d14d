import CKubeLegoOpenSSL

/// Message digests.
public enum Digest {
    /// SHA-256 of `bytes` (32 bytes).
    public static func sha256(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        var output = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let status = input.withUnsafeBytes { data in
            output.withUnsafeMutableBufferPointer { out in
                EVP_Digest(data.baseAddress, data.count, out.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        // SHA-256 of in-memory bytes cannot fail short of memory exhaustion; its failure is a broken OpenSSL.
        precondition(status == 1 && length == 32, "OpenSSL SHA-256 failed: \(OpenSSLErrorQueue.drain())")
        return output
    }
}
