/// A question (RFC 1035 §4.1.2); in an UPDATE message, the zone (RFC 2136 §2.3).
public struct DNSQuestion: Sendable, Hashable {
    /// The name asked about (or the zone being updated).
    public var name: DNSName
    /// The type asked for (SOA for an update's zone).
    public var type: DNSRecordType
    /// The class, IN.
    public var questionClass: DNSClass

    /// Makes a question.
    public init(name: DNSName, type: DNSRecordType, questionClass: DNSClass = .internet) {
        self.name = name
        self.type = type
        self.questionClass = questionClass
    }
}

/// A DNS operation code (RFC 1035 §4.1.1, RFC 2136 §1).
public enum DNSOpcode: UInt8, Sendable {
    /// A standard query.
    case query = 0
    /// A dynamic update (RFC 2136).
    case update = 5
}

/// A DNS message: header and four sections (RFC 1035 §4.1). For UPDATE, the sections are zone, prerequisite,
/// update and additional (RFC 2136 §2); the aliases `zone`, `prerequisites` and `updates` name them.
public struct DNSMessage: Sendable, Hashable {
    /// The transaction ID that pairs a response with its query.
    public var id: UInt16
    /// True in a response.
    public var isResponse = false
    /// The raw opcode (0 query, 5 update).
    public var opcode: UInt8 = 0
    /// Authoritative answer.
    public var isAuthoritative = false
    /// Truncated: the full answer needs TCP.
    public var isTruncated = false
    /// Recursion desired.
    public var recursionDesired = false
    /// Recursion available.
    public var recursionAvailable = false
    /// The 4-bit header response code.
    public var responseCode: DNSResponseCode = .noError
    /// The question section (the zone section of an update).
    public var questions: [DNSQuestion] = []
    /// The answer section (prerequisites of an update).
    public var answers: [DNSRecord] = []
    /// The authority section (the updates of an update).
    public var authority: [DNSRecord] = []
    /// The additional section (where TSIG goes, last).
    public var additional: [DNSRecord] = []
    /// Set by decoding: the byte offset where a final TSIG record starts, for MAC verification.
    public internal(set) var tsigOffset: Int?

    /// Makes a message with the given ID and opcode and empty sections.
    public init(id: UInt16, opcode: DNSOpcode = .query) {
        self.id = id
        self.opcode = opcode.rawValue
    }

    /// A standard query for one name and type, without recursion (kube-lego asks authoritative servers).
    public static func query(id: UInt16, name: DNSName, type: DNSRecordType, recursionDesired: Bool = false) -> DNSMessage {
        var message = DNSMessage(id: id, opcode: .query)
        message.recursionDesired = recursionDesired
        message.questions = [DNSQuestion(name: name, type: type)]
        return message
    }

    /// An UPDATE of `zone` with the given update-section records and no prerequisites (RFC 2136 §2.5).
    public static func update(id: UInt16, zone: DNSName, updates: [DNSRecord]) -> DNSMessage {
        var message = DNSMessage(id: id, opcode: .update)
        message.questions = [DNSQuestion(name: zone, type: .soa)]
        message.authority = updates
        return message
    }

    /// The zone section of an update.
    public var zone: [DNSQuestion] { questions }
    /// The prerequisite section of an update.
    public var prerequisites: [DNSRecord] { answers }
    /// The update section of an update.
    public var updates: [DNSRecord] { authority }

    /// The TSIG record when it is the last additional record.
    public var tsig: TSIGRecordData? {
        guard let last = additional.last, last.type == .tsig, case .tsig(let data) = last.data else { return nil }
        return data
    }
}
