@testable import KubeLegoDNS
import Testing
import XCTest

/// Keeps the XCTest summary from reading "Executed 0 tests".
final class DNSSmokeTests: XCTestCase {
    func testRecordNameOfWildcard() throws {
        XCTAssertEqual(try DNS01Solver.recordName(for: "*.example.com").description, "_acme-challenge.example.com.")
    }
}

@Suite("DNS wire format")
struct WireFormatTests {
    /// RFC 1035 §4.1.4: F.ISI.ARPA at offset 20, FOO.F.ISI.ARPA at 40 (FOO + pointer to 20), ARPA at 64
    /// (a pointer to 26) and the root at 92.
    @Test("the name compression example of RFC 1035 §4.1.4 decodes to the four names, with the right lengths")
    func rfc1035Compression() throws {
        var message = [UInt8](repeating: 0, count: 93)
        let fIsiArpa: [UInt8] = [1, 0x46, 3, 0x49, 0x53, 0x49, 4, 0x41, 0x52, 0x50, 0x41, 0]
        message.replaceSubrange(20..<32, with: fIsiArpa)
        message.replaceSubrange(40..<46, with: [3, 0x46, 0x4F, 0x4F, 0xC0, 20])
        message.replaceSubrange(64..<66, with: [0xC0, 26])
        message[92] = 0
        let expected: [(Int, String, Int)] = [(20, "F.ISI.ARPA.", 32), (40, "FOO.F.ISI.ARPA.", 46), (64, "ARPA.", 66), (92, ".", 93)]
        for (offset, name, end) in expected {
            var reader = DNSWireReader(message, offset: offset)
            #expect(try reader.name().description == name)
            #expect(reader.offset == end)
        }
        var reader = DNSWireReader(message, offset: 40)
        #expect(try reader.name() == DNSName("foo.f.isi.arpa"), "names compare case-insensitively")
    }

    @Test("compression pointers that loop or point forwards are rejected, not followed")
    func badPointers() {
        var selfLoop = DNSWireReader([0, 0, 0xC0, 2], offset: 2)
        #expect(throws: DNSError.self) { try selfLoop.name() }
        var forwards = DNSWireReader([0xC0, 2, 1, 0x41, 0], offset: 0)
        #expect(throws: DNSError.self) { try forwards.name() }
        var twoStep = DNSWireReader([1, 0x41, 0xC0, 4, 0xC0, 0], offset: 4)
        #expect(throws: DNSError.self) { try twoStep.name() }
        var unknownType = DNSWireReader([0x40, 0], offset: 0)
        #expect(throws: DNSError.self) { try unknownType.name() }
    }

    @Test("names: label and total length limits, parent, subdomain, text form")
    func names() throws {
        #expect(throws: DNSError.self) { try DNSName(String(repeating: "a", count: 64) + ".com") }
        #expect(throws: DNSError.self) { try DNSName("a..com") }
        let long = (0..<4).map { _ in String(repeating: "b", count: 63) }.joined(separator: ".")
        #expect(throws: DNSError.self) { try DNSName(long) }
        let name = try DNSName("_acme-challenge.WWW.example.com")
        #expect(name.parent?.description == "WWW.example.com.")
        #expect(name.isSubdomain(of: try DNSName("example.COM.")))
        #expect(!name.isSubdomain(of: try DNSName("ample.com")))
        #expect(try DNSName(".") == .root && DNSName.root.wireBytes == [0])
        #expect(name.lowercased.description == "_acme-challenge.www.example.com.")
    }

    @Test("a query encodes to the bytes RFC 1035 §4.1 lays out")
    func queryBytes() throws {
        let bytes = try DNSMessage.query(id: 0x1234, name: DNSName("example.com"), type: .txt).encode()
        #expect(bytes == [0x12, 0x34, 0x00, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
                          7, 0x65, 0x78, 0x61, 0x6D, 0x70, 0x6C, 0x65, 3, 0x63, 0x6F, 0x6D, 0, 0, 16, 0, 1])
    }

    @Test("records of every decoded type survive a round trip")
    func roundTrip() throws {
        var message = DNSMessage(id: 7)
        message.isResponse = true
        message.isAuthoritative = true
        message.recursionDesired = true
        message.responseCode = .nxDomain
        let zone = try DNSName("example.test")
        message.questions = [DNSQuestion(name: zone, type: .soa)]
        message.answers = [
            DNSRecord(name: zone, type: .soa, ttl: 60, data: .soa(DNSSOA(primary: try DNSName("ns.example.test"),
                      mailbox: try DNSName("hostmaster.example.test"), serial: 2026120501, refresh: 3600, retry: 600, expire: 86400, minimum: 60))),
            DNSRecord(name: zone, type: .ns, ttl: 60, data: .ns(try DNSName("ns.example.test"))),
            DNSRecord(name: try DNSName("www.example.test"), type: .cname, ttl: 60, data: .cname(zone)),
            DNSRecord(name: try DNSName("ns.example.test"), type: .a, ttl: 60, data: .a([127, 0, 0, 1])),
            DNSRecord(name: try DNSName("_acme-challenge.example.test"), type: .txt, ttl: 60, data: .txt([Array("one".utf8), [], Array("two".utf8)])),
            DNSRecord(name: zone, type: DNSRecordType(rawValue: 99), ttl: 1, data: .raw([1, 2, 3])),
        ]
        message.authority = [DNSRecord(name: zone, type: .txt, recordClass: .any, ttl: 0, data: .raw([]))]
        let decoded = try DNSMessage.decode(try message.encode())
        #expect(decoded == message)
    }

    @Test("every truncation of a valid message throws instead of trapping")
    func truncations() throws {
        var message = DNSMessage.update(id: 9, zone: try DNSName("example.test"), updates: [
            DNSRecord(name: try DNSName("_acme-challenge.example.test"), type: .txt, ttl: 60, data: .text("value")),
        ])
        message.additional = [DNSRecord(name: try DNSName("key"), type: .tsig, recordClass: .any, ttl: 0,
                                        data: .tsig(TSIGRecordData(algorithm: TSIGAlgorithm.hmacSHA256.name, timeSigned: 1, fudge: 300,
                                                                   mac: [UInt8](repeating: 7, count: 32), originalID: 9)))]
        let bytes = try message.encode()
        #expect(try DNSMessage.decode(bytes) == DNSMessage.decode(bytes))
        for length in 0..<bytes.count {
            #expect(throws: DNSError.self) { try DNSMessage.decode(Array(bytes.prefix(length))) }
        }
        #expect(throws: DNSError.self) { try DNSMessage.decode(bytes + [0]) }
    }

    @Test("an RFC 2136 update: zone section SOA, no prerequisites, add in class IN, delete one RR in class NONE with TTL 0")
    func updateSections() throws {
        let name = try DNSName("_acme-challenge.example.test")
        let message = DNSMessage.update(id: 1, zone: try DNSName("example.test"), updates: [
            DNSRecord(name: name, type: .txt, recordClass: .internet, ttl: 60, data: .text("add")),
            DNSRecord(name: name, type: .txt, recordClass: .none, ttl: 0, data: .text("del")),
        ])
        let bytes = try message.encode()
        #expect(bytes[2] == 0x28 && bytes[3] == 0, "opcode 5 (UPDATE)")
        #expect(Array(bytes[4..<12]) == [0, 1, 0, 0, 0, 2, 0, 0], "ZOCOUNT 1, PRCOUNT 0, UPCOUNT 2, ADCOUNT 0")
        let decoded = try DNSMessage.decode(bytes)
        #expect(decoded.zone == [DNSQuestion(name: try DNSName("example.test"), type: .soa)])
        #expect(decoded.prerequisites.isEmpty)
        #expect(decoded.updates.map(\.recordClass) == [.internet, .none])
        #expect(decoded.updates.map(\.ttl) == [60, 0])
        #expect(decoded.updates.compactMap(\.data.joinedText) == ["add", "del"])
    }

    @Test("TXT values longer than 255 bytes are split into strings and joined back")
    func longText() throws {
        let text = String(repeating: "x", count: 600)
        guard case .txt(let strings) = DNSRecordData.text(text) else { Issue.record("not TXT"); return }
        #expect(strings.map(\.count) == [255, 255, 90])
        #expect(DNSRecordData.text(text).joinedText == text)
    }

    @Test("response codes print their mnemonics, TSIG errors included")
    func responseCodes() {
        #expect([DNSResponseCode.refused, .notAuth, .notZone, .badSig, .badKey, .badTime].map(\.description)
            == ["REFUSED", "NOTAUTH", "NOTZONE", "BADSIG", "BADKEY", "BADTIME"])
        #expect(DNSResponseCode(rawValue: 42).description == "RCODE42")
    }
}
