/// The RDATA of a TSIG record (RFC 8945 §4.2).
public struct TSIGRecordData: Sendable, Hashable {
    /// The MAC algorithm's name, e.g. "hmac-sha256.".
    public var algorithm: DNSName
    /// Seconds since the epoch when the message was signed (48 bits).
    public var timeSigned: UInt64
    /// Permitted clock error, in seconds.
    public var fudge: UInt16
    /// The MAC (empty on BADSIG/BADKEY responses).
    public var mac: [UInt8]
    /// The message ID as originally signed.
    public var originalID: UInt16
    /// The TSIG error: 0, or BADSIG/BADKEY/BADTIME/BADTRUNC.
    public var error: DNSResponseCode
    /// Other data (the server's time on BADTIME).
    public var otherData: [UInt8]

    /// Makes TSIG data from its fields.
    public init(algorithm: DNSName, timeSigned: UInt64, fudge: UInt16, mac: [UInt8], originalID: UInt16,
                error: DNSResponseCode = .noError, otherData: [UInt8] = []) {
        self.algorithm = algorithm
        self.timeSigned = timeSigned
        self.fudge = fudge
        self.mac = mac
        self.originalID = originalID
        self.error = error
        self.otherData = otherData
    }

    func write(to writer: inout DNSWireWriter) {
        writer.name(algorithm)
        writer.u48(timeSigned)
        writer.u16(fudge)
        writer.u16(UInt16(truncatingIfNeeded: mac.count))
        writer.append(mac)
        writer.u16(originalID)
        writer.u16(error.rawValue)
        writer.u16(UInt16(truncatingIfNeeded: otherData.count))
        writer.append(otherData)
    }

    static func read(from reader: inout DNSWireReader) throws(DNSError) -> TSIGRecordData {
        let algorithm = try reader.name()
        let timeSigned = try reader.u48("TSIG time signed")
        let fudge = try reader.u16("TSIG fudge")
        let mac = try reader.bytes(Int(try reader.u16("TSIG MAC size")), "the TSIG MAC")
        let originalID = try reader.u16("TSIG original ID")
        let error = DNSResponseCode(rawValue: try reader.u16("TSIG error"))
        let other = try reader.bytes(Int(try reader.u16("TSIG other length")), "TSIG other data")
        return TSIGRecordData(algorithm: algorithm, timeSigned: timeSigned, fudge: fudge, mac: mac, originalID: originalID,
                              error: error, otherData: other)
    }

    /// The "TSIG variables" of RFC 8945 §4.3.3 that follow the message in the MAC input.
    func variables(keyName: DNSName) -> [UInt8] {
        var writer = DNSWireWriter()
        writer.name(keyName.lowercased)
        writer.u16(DNSClass.any.rawValue)
        writer.u32(0)
        writer.name(algorithm.lowercased)
        writer.u48(timeSigned)
        writer.u16(fudge)
        writer.u16(error.rawValue)
        writer.u16(UInt16(truncatingIfNeeded: otherData.count))
        writer.append(otherData)
        return writer.bytes
    }
}
