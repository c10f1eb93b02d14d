extension DNSMessage {
    /// The wire form (RFC 1035 §4.1), names uncompressed.
    public func encode() throws(DNSError) -> [UInt8] {
        var writer = DNSWireWriter()
        writer.u16(id)
        var flags = UInt16(opcode & 0x0F) << 11 | (responseCode.rawValue & 0x0F)
        if isResponse { flags |= 0x8000 }
        if isAuthoritative { flags |= 0x0400 }
        if isTruncated { flags |= 0x0200 }
        if recursionDesired { flags |= 0x0100 }
        if recursionAvailable { flags |= 0x0080 }
        writer.u16(flags)
        for count in [questions.count, answers.count, authority.count, additional.count] {
            guard count <= Int(UInt16.max) else { throw DNSError(.malformedMessage, "a section of \(count) entries") }
            writer.u16(UInt16(count))
        }
        for question in questions {
            writer.name(question.name)
            writer.u16(question.type.rawValue)
            writer.u16(question.questionClass.rawValue)
        }
        for record in answers + authority + additional {
            try record.write(to: &writer)
        }
        return writer.bytes
    }

    /// Decodes a whole message; trailing bytes or any field running past the end throw `.malformedMessage`.
    public static func decode(_ bytes: [UInt8]) throws(DNSError) -> DNSMessage {
        var reader = DNSWireReader(bytes)
        var message = DNSMessage(id: try reader.u16("the header"))
        let flags = try reader.u16("the header")
        message.isResponse = flags & 0x8000 != 0
        message.opcode = UInt8((flags >> 11) & 0x0F)
        message.isAuthoritative = flags & 0x0400 != 0
        message.isTruncated = flags & 0x0200 != 0
        message.recursionDesired = flags & 0x0100 != 0
        message.recursionAvailable = flags & 0x0080 != 0
        message.responseCode = DNSResponseCode(rawValue: flags & 0x000F)
        let counts = [try reader.u16("the header"), try reader.u16("the header"), try reader.u16("the header"), try reader.u16("the header")]
        for _ in 0..<counts[0] {
            message.questions.append(DNSQuestion(name: try reader.name(), type: DNSRecordType(rawValue: try reader.u16("a question type")),
                                                 questionClass: DNSClass(rawValue: try reader.u16("a question class"))))
        }
        for _ in 0..<counts[1] { message.answers.append(try DNSRecord.read(from: &reader)) }
        for _ in 0..<counts[2] { message.authority.append(try DNSRecord.read(from: &reader)) }
        for index in 0..<Int(counts[3]) {
            let start = reader.offset
            let record = try DNSRecord.read(from: &reader)
            if index == Int(counts[3]) - 1, record.type == .tsig { message.tsigOffset = start }
            message.additional.append(record)
        }
        guard reader.isAtEnd else {
            throw DNSError(.malformedMessage, "\(bytes.count - reader.offset) bytes after the last record")
        }
        return message
    }
}
