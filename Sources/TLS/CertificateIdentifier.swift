/// One name a certificate is requested for: a DNS name or an IP address, validated.
enum CertificateIdentifier: Equatable {
    /// A DNS name (letters, digits, hyphens; optionally a leading "*." wildcard label).
    case dns(String)
    /// An IPv4 (4 bytes) or IPv6 (16 bytes) address.
    case ip([UInt8])

    /// Longest DNS name in presentation form without the trailing dot (RFC 1035).
    static let maximumNameLength = 253

    /// Reads `text` as an IP address when it parses as one, otherwise as a DNS name; `.invalidIdentifier` if neither.
    init(_ text: String) throws(TLSError) {
        if let address = IPAddress.bytes(text) {
            self = .ip(address)
            return
        }
        guard !text.isEmpty else { throw TLSError(code: .invalidIdentifier, reason: "an identifier is empty") }
        let bytes = Array(text.utf8)
        guard bytes.count <= Self.maximumNameLength else {
            throw TLSError(code: .invalidIdentifier, reason: "DNS name \"\(text)\" is longer than 253 bytes")
        }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 1 else { throw TLSError(code: .invalidIdentifier, reason: "\"\(text)\" has no labels") }
        for (index, label) in labels.enumerated() {
            if index == 0, label == "*", labels.count > 2 { continue }
            guard Self.isValidLabel(label) else {
                throw TLSError(
                    code: .invalidIdentifier,
                    reason: "\"\(text)\" is neither an IP address nor a DNS name (bad label \"\(label)\")"
                )
            }
        }
        self = .dns(text)
    }

    /// An LDH label: 1-63 ASCII letters, digits and hyphens, not starting or ending with a hyphen.
    private static func isValidLabel(_ label: Substring) -> Bool {
        let bytes = Array(label.utf8)
        guard (1...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else {
            return false
        }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
        }
    }
}
