extension DNSRecord {
    /// Writes the record: owner, type, class, TTL, RDLENGTH and RDATA, names uncompressed.
    func write(to writer: inout DNSWireWriter) throws(DNSError) {
        writer.name(name)
        writer.u16(type.rawValue)
        writer.u16(recordClass.rawValue)
        writer.u32(ttl)
        try writer.lengthPrefixed { (out: inout DNSWireWriter) throws(DNSError) in
            switch data {
            case .a(let bytes), .raw(let bytes):
                out.append(bytes)
            case .ns(let target), .cname(let target):
                out.name(target)
            case .soa(let soa):
                out.name(soa.primary)
                out.name(soa.mailbox)
                for field in [soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum] { out.u32(field) }
            case .txt(let strings):
                for string in strings {
                    guard string.count <= 255 else {
                        throw DNSError(.malformedMessage, "a TXT string of \(string.count) bytes (allowed: 255) for \(name)")
                    }
                    out.u8(UInt8(string.count))
                    out.append(string)
                }
            case .tsig(let tsig):
                tsig.write(to: &out)
            }
        }
    }

    /// Reads one record at the reader's offset; RDATA of known types is decoded, names may be compressed.
    static func read(from reader: inout DNSWireReader) throws(DNSError) -> DNSRecord {
        let name = try reader.name()
        let type = DNSRecordType(rawValue: try reader.u16("a record type"))
        let recordClass = DNSClass(rawValue: try reader.u16("a record class"))
        let ttl = try reader.u32("a TTL")
        let length = Int(try reader.u16("an RDLENGTH"))
        let end = reader.offset + length
        guard end <= reader.limit else {
            throw DNSError(.malformedMessage, "the RDATA of \(name) \(type) (\(length) bytes) runs past the end of the message")
        }
        let outerLimit = reader.limit
        reader.limit = end
        defer { reader.limit = outerLimit }
        let data: DNSRecordData
        if length == 0 {
            data = .raw([])
        } else {
            switch type {
            case .a where length == 4: data = .a(try reader.bytes(4))
            case .ns: data = .ns(try reader.name())
            case .cname: data = .cname(try reader.name())
            case .soa:
                data = .soa(DNSSOA(primary: try reader.name(), mailbox: try reader.name(), serial: try reader.u32(),
                                   refresh: try reader.u32(), retry: try reader.u32(), expire: try reader.u32(), minimum: try reader.u32()))
            case .txt:
                var strings: [[UInt8]] = []
                while !reader.isAtEnd {
                    let count = Int(try reader.u8("a TXT string length"))
                    strings.append(try reader.bytes(count, "a TXT string"))
                }
                data = .txt(strings)
            case .tsig: data = .tsig(try TSIGRecordData.read(from: &reader))
            default: data = .raw(try reader.bytes(length))
            }
        }
        guard reader.offset == end else {
            throw DNSError(.malformedMessage, "the RDATA of \(name) \(type) is \(length) bytes but its fields take \(reader.offset - end + length)")
        }
        return DNSRecord(name: name, type: type, recordClass: recordClass, ttl: ttl, data: data)
    }
}
