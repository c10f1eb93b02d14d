/// Reads DNS wire-format fields from a whole message, following name compression pointers (RFC 1035 §4.1.4).
/// Every read is bounds-checked: malformed input throws, never traps.
struct DNSWireReader {
    /// The whole message: compression pointers are offsets into it.
    let message: [UInt8]
    /// The next byte to read.
    var offset: Int
    /// Where reading must stop (the end of the message, or of the current RDATA).
    var limit: Int

    init(_ message: [UInt8], offset: Int = 0) {
        self.message = message
        self.offset = offset
        self.limit = message.count
    }

    var isAtEnd: Bool { offset >= limit }

    private func need(_ count: Int, _ what: String) throws(DNSError) {
        guard count >= 0, offset + count <= limit else {
            throw DNSError(.malformedMessage, "the message ends inside \(what) (offset \(offset), \(count) bytes needed)")
        }
    }

    mutating func u8(_ what: String = "a byte") throws(DNSError) -> UInt8 {
        try need(1, what)
        defer { offset += 1 }
        return message[offset]
    }

    mutating func u16(_ what: String = "a 16-bit field") throws(DNSError) -> UInt16 {
        try need(2, what)
        defer { offset += 2 }
        return UInt16(message[offset]) << 8 | UInt16(message[offset + 1])
    }

    mutating func u32(_ what: String = "a 32-bit field") throws(DNSError) -> UInt32 {
        let high = try u16(what)
        return UInt32(high) << 16 | UInt32(try u16(what))
    }

    mutating func u48(_ what: String = "a 48-bit field") throws(DNSError) -> UInt64 {
        let high = try u16(what)
        return UInt64(high) << 32 | UInt64(try u32(what))
    }

    mutating func bytes(_ count: Int, _ what: String = "a byte string") throws(DNSError) -> [UInt8] {
        try need(count, what)
        defer { offset += count }
        return Array(message[offset..<offset + count])
    }

    /// A possibly compressed name. A pointer must point strictly backwards, which also rules out loops.
    mutating func name() throws(DNSError) -> DNSName {
        var labels: [[UInt8]] = []
        var position = offset
        var resumeAt: Int?
        var lowestJump = position
        while true {
            guard position < message.count, resumeAt != nil || position < limit else {
                throw DNSError(.malformedMessage, "the message ends inside a name (offset \(position))")
            }
            let length = message[position]
            switch length & 0xC0 {
            case 0x00:
                if length == 0 {
                    offset = resumeAt ?? position + 1
                    return try DNSName(labels: labels)
                }
                let end = position + 1 + Int(length)
                guard end <= message.count else {
                    throw DNSError(.malformedMessage, "a label runs past the end of the message (offset \(position))")
                }
                labels.append(Array(message[(position + 1)..<end]))
                position = end
            case 0xC0:
                guard position + 1 < message.count else {
                    throw DNSError(.malformedMessage, "the message ends inside a compression pointer (offset \(position))")
                }
                let target = Int(length & 0x3F) << 8 | Int(message[position + 1])
                guard target < lowestJump else {
                    throw DNSError(.malformedMessage, "a compression pointer at offset \(position) does not point backwards (to \(target))")
                }
                if resumeAt == nil { resumeAt = position + 2 }
                lowestJump = target
                position = target
            default:
                throw DNSError(.malformedMessage, "an unknown label type 0x\(String(length, radix: 16)) at offset \(position)")
            }
        }
    }
}
