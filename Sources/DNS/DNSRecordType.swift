/// A resource record TYPE (RFC 1035 §3.2.2 and later RFCs); only the ones kube-lego reads or writes are named.
public struct DNSRecordType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The numeric type.
    public let rawValue: UInt16

    /// Wraps a numeric type.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// An IPv4 address.
    public static let a = DNSRecordType(rawValue: 1)
    /// An authoritative name server.
    public static let ns = DNSRecordType(rawValue: 2)
    /// The canonical name of an alias.
    public static let cname = DNSRecordType(rawValue: 5)
    /// The start of a zone of authority.
    public static let soa = DNSRecordType(rawValue: 6)
    /// Text strings.
    public static let txt = DNSRecordType(rawValue: 16)
    /// An IPv6 address.
    public static let aaaa = DNSRecordType(rawValue: 28)
    /// A transaction signature (RFC 8945).
    public static let tsig = DNSRecordType(rawValue: 250)
    /// Any type (queries, and "delete all RRsets" in updates).
    public static let any = DNSRecordType(rawValue: 255)

    private static let names: [UInt16: String] = [1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 16: "TXT", 28: "AAAA", 250: "TSIG", 255: "ANY"]

    /// The mnemonic, or "TYPE<n>" (RFC 3597).
    public var description: String { Self.names[rawValue] ?? "TYPE\(rawValue)" }
}

/// A resource record CLASS (RFC 1035 §3.2.4, RFC 2136 §2.4-2.5).
public struct DNSClass: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The numeric class.
    public let rawValue: UInt16

    /// Wraps a numeric class.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The Internet.
    public static let internet = DNSClass(rawValue: 1)
    /// RFC 2136: in the update section, "delete this one RR".
    public static let none = DNSClass(rawValue: 254)
    /// Any class; TSIG records use it.
    public static let any = DNSClass(rawValue: 255)

    /// The mnemonic, or "CLASS<n>".
    public var description: String {
        switch rawValue {
        case 1: "IN"
        case 254: "NONE"
        case 255: "ANY"
        default: "CLASS\(rawValue)"
        }
    }
}
