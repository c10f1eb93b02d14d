/// The start-of-authority fields of a zone (RFC 1035 §3.3.13).
public struct DNSSOA: Sendable, Hashable {
    /// The primary name server.
    public var primary: DNSName
    /// The mailbox of the person responsible, as a name.
    public var mailbox: DNSName
    /// The zone's serial number.
    public var serial: UInt32
    /// Seconds between secondary refreshes.
    public var refresh: UInt32
    /// Seconds between retries of a failed refresh.
    public var retry: UInt32
    /// Seconds after which a secondary stops answering.
    public var expire: UInt32
    /// The negative-caching TTL (RFC 2308).
    public var minimum: UInt32

    /// Makes SOA data from its seven fields.
    public init(primary: DNSName, mailbox: DNSName, serial: UInt32, refresh: UInt32, retry: UInt32, expire: UInt32, minimum: UInt32) {
        self.primary = primary
        self.mailbox = mailbox
        self.serial = serial
        self.refresh = refresh
        self.retry = retry
        self.expire = expire
        self.minimum = minimum
    }
}

/// The RDATA of a record, decoded for the types kube-lego uses and kept as bytes for the rest.
public enum DNSRecordData: Sendable, Hashable {
    /// An IPv4 address (4 bytes).
    case a([UInt8])
    /// A name server's name.
    case ns(DNSName)
    /// The target of an alias.
    case cname(DNSName)
    /// Zone authority fields.
    case soa(DNSSOA)
    /// One or more character strings, each at most 255 bytes.
    case txt([[UInt8]])
    /// A transaction signature.
    case tsig(TSIGRecordData)
    /// Any other type, or empty data (RFC 2136 deletions): the raw bytes.
    case raw([UInt8])

    /// A TXT record holding `text`, split into 255-byte strings when longer.
    public static func text(_ text: String) -> DNSRecordData {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return .txt([[]]) }
        return .txt(stride(from: 0, to: bytes.count, by: 255).map { Array(bytes[$0..<min($0 + 255, bytes.count)]) })
    }

    /// For TXT data, the strings joined, as a validator reads them; nil for other types.
    public var joinedText: String? {
        guard case .txt(let strings) = self else { return nil }
        return String(decoding: strings.joined(), as: UTF8.self)
    }
}

/// One resource record (RFC 1035 §4.1.3).
public struct DNSRecord: Sendable, Hashable, CustomStringConvertible {
    /// The owner name.
    public var name: DNSName
    /// The type.
    public var type: DNSRecordType
    /// The class (IN, or NONE/ANY in update sections).
    public var recordClass: DNSClass
    /// Time to live in seconds.
    public var ttl: UInt32
    /// The data.
    public var data: DNSRecordData

    /// Makes a record.
    public init(name: DNSName, type: DNSRecordType, recordClass: DNSClass = .internet, ttl: UInt32, data: DNSRecordData) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
        self.ttl = ttl
        self.data = data
    }

    /// Zone-file-like text, e.g. `_acme-challenge.example.com. 60 IN TXT "abc"`.
    public var description: String {
        let rendered: String
        switch data {
        case .a(let bytes): rendered = bytes.map(String.init).joined(separator: ".")
        case .ns(let name), .cname(let name): rendered = name.description
        case .soa(let soa): rendered = "\(soa.primary) \(soa.mailbox) \(soa.serial) \(soa.refresh) \(soa.retry) \(soa.expire) \(soa.minimum)"
        case .txt(let strings): rendered = strings.map { "\"\(String(decoding: $0, as: UTF8.self))\"" }.joined(separator: " ")
        case .tsig(let tsig): rendered = "\(tsig.algorithm) \(tsig.timeSigned) \(tsig.fudge) MAC(\(tsig.mac.count) bytes) \(tsig.error)"
        case .raw(let bytes): rendered = "\\# \(bytes.count)"
        }
        return "\(name) \(ttl) \(recordClass) \(type) \(rendered)"
    }
}
