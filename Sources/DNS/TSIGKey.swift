#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoBasics

/// A TSIG key (RFC 8945): its name, algorithm and shared secret. Its description never shows the secret.
public struct TSIGKey: Sendable, Hashable, CustomStringConvertible {
    /// The key's name, as configured on the server (e.g. "kube-lego.").
    public let name: DNSName
    /// The MAC algorithm.
    public let algorithm: TSIGAlgorithm
    /// The shared secret, decoded.
    let secret: [UInt8]
    /// Permitted clock difference in seconds; 300 as RFC 8945 recommends.
    public var fudge: UInt16 = 300

    /// Makes a key from its name, algorithm and base64 secret (as `tsig-keygen` prints it).
    public init(name: String, algorithm: TSIGAlgorithm = .hmacSHA256, secretBase64: String) throws(DNSError) {
        let trimmed = secretBase64.trimmed()
        guard let secret = Data(base64Encoded: trimmed), !secret.isEmpty else {
            throw DNSError(.configuration, "the TSIG secret of key \(name) is not base64 (as tsig-keygen prints it)")
        }
        try self.init(name: DNSName(name), algorithm: algorithm, secret: Array(secret))
    }

    /// Makes a key from raw secret bytes.
    public init(name: DNSName, algorithm: TSIGAlgorithm = .hmacSHA256, secret: [UInt8]) throws(DNSError) {
        guard !name.labels.isEmpty else { throw DNSError(.configuration, "a TSIG key needs a name") }
        guard !secret.isEmpty else { throw DNSError(.configuration, "the TSIG secret of key \(name) is empty") }
        self.name = name
        self.algorithm = algorithm
        self.secret = secret
    }

    /// The key's name and algorithm, never the secret.
    public var description: String { "TSIG key \(name) (\(algorithm))" }
}
