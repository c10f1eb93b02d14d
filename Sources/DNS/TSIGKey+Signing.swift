extension TSIGKey {
    /// Signs `message` (RFC 8945 §4.3): returns the wire bytes with the TSIG record appended, and the MAC,
    /// which the response's MAC covers. `now` is seconds since the epoch.
    public func sign(_ message: DNSMessage, now: UInt64) throws(DNSError) -> (bytes: [UInt8], mac: [UInt8]) {
        var unsigned = message
        unsigned.additional.removeAll { $0.type == .tsig }
        let body = try unsigned.encode()
        var tsig = TSIGRecordData(algorithm: algorithm.name, timeSigned: now, fudge: fudge, mac: [], originalID: message.id)
        tsig.mac = try algorithm.mac(secret: secret, message: body + tsig.variables(keyName: name))
        var signed = unsigned
        signed.additional.append(DNSRecord(name: name, type: .tsig, recordClass: .any, ttl: 0, data: .tsig(tsig)))
        return (try signed.encode(), tsig.mac)
    }

    /// Verifies a response to a request signed with MAC `requestMAC` (RFC 8945 §5.3): the TSIG record must be
    /// last, name this key and algorithm, carry no TSIG error, have a MAC that verifies, and a time within the fudge.
    /// Errors name `server` and, for a TSIG error the server reported, its code (BADSIG, BADKEY, BADTIME).
    public func verify(response bytes: [UInt8], message: DNSMessage, requestMAC: [UInt8], now: UInt64, server: String) throws(DNSError) {
        guard let tsig = message.tsig, let offset = message.tsigOffset, let record = message.additional.last else {
            throw DNSError(.tsig, "\(server) sent an unsigned response (\(message.responseCode)) to a request signed with \(self)",
                           server: server, responseCode: message.responseCode)
        }
        if tsig.error != .noError {
            throw DNSError(.tsig, "\(server) rejected the TSIG signature of \(self): \(tsig.error) (rcode \(message.responseCode))",
                           server: server, responseCode: tsig.error)
        }
        guard record.name == name, tsig.algorithm == algorithm.name else {
            throw DNSError(.tsig, "\(server) signed its response with key \(record.name) (\(tsig.algorithm)), expected \(self)", server: server)
        }
        var signedPart = Array(bytes[0..<offset])
        // The MAC covers the message as it was before the TSIG record was added: original ID, ARCOUNT one less.
        signedPart[0] = UInt8(tsig.originalID >> 8)
        signedPart[1] = UInt8(tsig.originalID & 0xFF)
        let additionalCount = UInt16(signedPart[10]) << 8 | UInt16(signedPart[11])
        guard additionalCount > 0 else { throw DNSError(.malformedMessage, "\(server): a TSIG record but ARCOUNT 0", server: server) }
        signedPart[10] = UInt8((additionalCount - 1) >> 8)
        signedPart[11] = UInt8((additionalCount - 1) & 0xFF)
        var input = DNSWireWriter()
        input.u16(UInt16(truncatingIfNeeded: requestMAC.count))
        input.append(requestMAC)
        input.append(signedPart)
        input.append(tsig.variables(keyName: name))
        let expected = try algorithm.mac(secret: secret, message: input.bytes)
        guard tsig.mac.count == expected.count, zip(tsig.mac, expected).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            throw DNSError(.tsig, "the response from \(server) carries a TSIG MAC that does not verify with \(self)",
                           server: server, responseCode: .badSig)
        }
        let skew = now > tsig.timeSigned ? now - tsig.timeSigned : tsig.timeSigned - now
        guard skew <= UInt64(tsig.fudge) else {
            throw DNSError(.tsig, "the response from \(server) was signed \(skew) s away from our clock (fudge \(tsig.fudge) s)",
                           server: server, responseCode: .badTime)
        }
    }
}
