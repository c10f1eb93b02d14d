import KubeLegoTLS

/// A TSIG MAC algorithm (RFC 8945 §6): hmac-sha256 by default, hmac-sha512, and hmac-sha1 for old servers.
public enum TSIGAlgorithm: String, Sendable, CaseIterable, CustomStringConvertible {
    /// HMAC-SHA-256, the default.
    case hmacSHA256 = "hmac-sha256"
    /// HMAC-SHA-512.
    case hmacSHA512 = "hmac-sha512"
    /// HMAC-SHA-1: only for servers that know nothing newer.
    case hmacSHA1 = "hmac-sha1"

    /// Parses "hmac-sha256", "hmac-sha256." (lego's spelling) or "HMAC-SHA256", case-insensitively.
    public init?(text: String) {
        var name = text.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        self.init(rawValue: name)
    }

    /// The algorithm's name as a domain name, as it goes into the TSIG record.
    public var name: DNSName {
        // The raw values are valid names by construction.
        (try? DNSName(rawValue)) ?? .root
    }

    /// The MAC length in bytes.
    public var macSize: Int {
        switch self {
        case .hmacSHA256: 32
        case .hmacSHA512: 64
        case .hmacSHA1: 20
        }
    }

    /// The algorithm name, e.g. "hmac-sha256".
    public var description: String { rawValue }

    /// The MAC of `message` under `secret`, through KubeLegoTLS's OpenSSL wrapper.
    func mac(secret: [UInt8], message: [UInt8]) throws(DNSError) -> [UInt8] {
        do {
            switch self {
            case .hmacSHA256: return try HMAC.sha256(key: secret, message: message)
            case .hmacSHA512: return try HMAC.sha512(key: secret, message: message)
            case .hmacSHA1: return try HMAC.sha1(key: secret, message: message)
            }
        } catch {
            throw DNSError(.tsig, "\(rawValue) failed: \(error.reason)")
        }
    }
}
