/// A DNS response code (RFC 1035 §4.1.1, RFC 2136 §2.2, RFC 8945 §4.3): the header RCODE or a TSIG error.
public struct DNSResponseCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The numeric code.
    public let rawValue: UInt16

    /// Wraps a numeric code.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// No error.
    public static let noError = DNSResponseCode(rawValue: 0)
    /// The server could not interpret the request.
    public static let formErr = DNSResponseCode(rawValue: 1)
    /// The server failed internally.
    public static let servFail = DNSResponseCode(rawValue: 2)
    /// The name does not exist.
    public static let nxDomain = DNSResponseCode(rawValue: 3)
    /// The operation is not implemented.
    public static let notImp = DNSResponseCode(rawValue: 4)
    /// The server refuses, by policy.
    public static let refused = DNSResponseCode(rawValue: 5)
    /// RFC 2136: a name exists that should not.
    public static let yxDomain = DNSResponseCode(rawValue: 6)
    /// RFC 2136: an RRset exists that should not.
    public static let yxRRSet = DNSResponseCode(rawValue: 7)
    /// RFC 2136: an RRset that should exist does not.
    public static let nxRRSet = DNSResponseCode(rawValue: 8)
    /// RFC 2136 / RFC 8945: not authoritative for the zone, or not authorized (TSIG failure).
    public static let notAuth = DNSResponseCode(rawValue: 9)
    /// RFC 2136: a name in the update is outside the zone.
    public static let notZone = DNSResponseCode(rawValue: 10)
    /// RFC 8945: the TSIG signature did not verify.
    public static let badSig = DNSResponseCode(rawValue: 16)
    /// RFC 8945: the TSIG key is not known to the server.
    public static let badKey = DNSResponseCode(rawValue: 17)
    /// RFC 8945: the TSIG time is outside the fudge window.
    public static let badTime = DNSResponseCode(rawValue: 18)
    /// RFC 8945: the truncated MAC is too short.
    public static let badTrunc = DNSResponseCode(rawValue: 22)

    private static let names: [UInt16: String] = [
        0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED", 6: "YXDOMAIN",
        7: "YXRRSET", 8: "NXRRSET", 9: "NOTAUTH", 10: "NOTZONE", 16: "BADSIG", 17: "BADKEY", 18: "BADTIME", 22: "BADTRUNC",
    ]

    /// The mnemonic (e.g. "BADSIG"), or "RCODE<n>" for a code without one.
    public var description: String { Self.names[rawValue] ?? "RCODE\(rawValue)" }
}
