/// A domain name as a list of labels (RFC 1035 §3.1). Compared case-insensitively (ASCII), as DNS does.
///
/// Text form: labels separated by dots, an optional trailing dot; no escapes (kube-lego only handles host
/// names, which never need them). The root is "." or "".
public struct DNSName: Sendable, Hashable, CustomStringConvertible {
    /// The labels, leftmost first, as sent on the wire; the root has none.
    public let labels: [[UInt8]]

    /// The root name.
    public static let root = DNSName(checkedLabels: [])

    private init(checkedLabels: [[UInt8]]) { labels = checkedLabels }

    /// Makes a name from wire labels, checking the RFC 1035 limits (label 1-63 bytes, name ≤ 255 bytes on the wire).
    public init(labels: [[UInt8]]) throws(DNSError) {
        for label in labels where label.isEmpty || label.count > 63 {
            throw DNSError(.invalidName, "a label of \(label.count) bytes (allowed: 1-63)")
        }
        let wireLength = labels.reduce(1) { $0 + 1 + $1.count }
        guard wireLength <= 255 else { throw DNSError(.invalidName, "a name of \(wireLength) bytes on the wire (allowed: 255)") }
        self.labels = labels
    }

    /// Parses dotted text such as "_acme-challenge.example.com." (the trailing dot is optional).
    public init(_ text: String) throws(DNSError) {
        var body = Substring(text)
        if body.hasSuffix(".") { body = body.dropLast() }
        if body.isEmpty {
            self = .root
            return
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        do {
            try self.init(labels: parts.map { Array($0.utf8) })
        } catch {
            throw DNSError(.invalidName, "\"\(text)\": \(error.reason)")
        }
    }

    /// The name with a trailing dot, e.g. "example.com."; "." for the root.
    public var description: String {
        labels.isEmpty ? "." : labels.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ".") + "."
    }

    /// The name one label up ("example.com." for "www.example.com."), nil for the root.
    public var parent: DNSName? {
        labels.isEmpty ? nil : DNSName(checkedLabels: Array(labels.dropFirst()))
    }

    /// This name with `label` prepended, e.g. "_acme-challenge" + "example.com.".
    public func prepending(_ label: String) throws(DNSError) -> DNSName {
        try DNSName(labels: [Array(label.utf8)] + labels)
    }

    /// True when this name equals `zone` or lies below it.
    public func isSubdomain(of zone: DNSName) -> Bool {
        guard labels.count >= zone.labels.count else { return false }
        return DNSName(checkedLabels: Array(labels.suffix(zone.labels.count))) == zone
    }

    /// The same name in lower case: the canonical form TSIG digests use (RFC 8945 §4.3.3).
    public var lowercased: DNSName {
        DNSName(checkedLabels: labels.map { $0.map(Self.lower) })
    }

    /// The uncompressed wire form: length-prefixed labels ending in a zero byte.
    public var wireBytes: [UInt8] {
        var bytes: [UInt8] = []
        for label in labels {
            bytes.append(UInt8(label.count))
            bytes.append(contentsOf: label)
        }
        bytes.append(0)
        return bytes
    }

    /// Case-insensitive equality (RFC 4343).
    public static func == (lhs: DNSName, rhs: DNSName) -> Bool {
        lhs.labels.count == rhs.labels.count && zip(lhs.labels, rhs.labels).allSatisfy { left, right in
            left.count == right.count && zip(left, right).allSatisfy { lower($0) == lower($1) }
        }
    }

    /// Hashes the lower-case form, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        for label in labels {
            hasher.combine(label.count)
            for byte in label { hasher.combine(Self.lower(byte)) }
        }
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }
}
