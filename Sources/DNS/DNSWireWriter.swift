/// Appends DNS wire-format fields (network byte order) to a byte buffer. Names are written uncompressed.
struct DNSWireWriter {
    /// The bytes written so far.
    var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    mutating func u32(_ value: UInt32) {
        u16(UInt16(value >> 16))
        u16(UInt16(value & 0xFFFF))
    }

    /// A 48-bit unsigned integer (TSIG's time signed).
    mutating func u48(_ value: UInt64) {
        u16(UInt16((value >> 32) & 0xFFFF))
        u32(UInt32(value & 0xFFFF_FFFF))
    }

    mutating func append(_ data: [UInt8]) { bytes.append(contentsOf: data) }

    mutating func name(_ name: DNSName) { bytes.append(contentsOf: name.wireBytes) }

    /// Writes `body`'s output preceded by its length as a 16-bit integer (RDLENGTH).
    mutating func lengthPrefixed(_ body: (inout DNSWireWriter) throws(DNSError) -> Void) throws(DNSError) {
        var inner = DNSWireWriter()
        try body(&inner)
        guard inner.bytes.count <= Int(UInt16.max) else {
            throw DNSError(.malformedMessage, "record data of \(inner.bytes.count) bytes (allowed: 65535)")
        }
        u16(UInt16(inner.bytes.count))
        append(inner.bytes)
    }
}
