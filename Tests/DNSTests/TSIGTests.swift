@testable import KubeLegoDNS
import KubeLegoTLS
import Testing

@Suite("TSIG (RFC 8945)")
struct TSIGTests {
    static func hex(_ text: String) -> [UInt8] {
        stride(from: 0, to: text.count, by: 2).map {
            let start = text.index(text.startIndex, offsetBy: $0)
            return UInt8(text[start..<text.index(start, offsetBy: 2)], radix: 16) ?? 0
        }
    }

    @Test("the HMACs TSIG uses reproduce RFC 4231 test case 2 (SHA-256, SHA-512) and RFC 2202 test case 2 (SHA-1)")
    func hmacVectors() throws {
        let key = Array("Jefe".utf8)
        let data = Array("what do ya want for nothing?".utf8)
        #expect(try TSIGAlgorithm.hmacSHA256.mac(secret: key, message: data)
            == Self.hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"))
        #expect(try TSIGAlgorithm.hmacSHA512.mac(secret: key, message: data) == Self.hex(
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"))
        #expect(try TSIGAlgorithm.hmacSHA1.mac(secret: key, message: data) == Self.hex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"))
    }

    @Test("algorithm names parse in lego's and BIND's spellings")
    func algorithmNames() {
        #expect(TSIGAlgorithm(text: "hmac-sha256.") == .hmacSHA256)
        #expect(TSIGAlgorithm(text: "HMAC-SHA512") == .hmacSHA512)
        #expect(TSIGAlgorithm(text: "hmac-sha1") == .hmacSHA1)
        #expect(TSIGAlgorithm(text: "hmac-md5") == nil)
        #expect(TSIGAlgorithm.hmacSHA256.name.description == "hmac-sha256.")
    }

    /// The server's side, written out from RFC 8945 §4.3.3 independently of `verify`: MAC over request MAC size,
    /// request MAC, the unsigned response and the TSIG variables.
    static func serverSign(_ response: DNSMessage, key: TSIGKey, secret: [UInt8], requestMAC: [UInt8], time: UInt64,
                           error: DNSResponseCode = .noError) throws -> [UInt8] {
        var tsig = TSIGRecordData(algorithm: key.algorithm.name, timeSigned: time, fudge: 300, mac: [], originalID: response.id, error: error)
        var input: [UInt8] = [UInt8(requestMAC.count >> 8), UInt8(requestMAC.count & 0xFF)] + requestMAC
        input += try response.encode()
        input += key.name.lowercased.wireBytes + [0, 255, 0, 0, 0, 0] + key.algorithm.name.wireBytes
        input += [UInt8((time >> 40) & 0xFF), UInt8((time >> 32) & 0xFF), UInt8((time >> 24) & 0xFF), UInt8((time >> 16) & 0xFF),
                  UInt8((time >> 8) & 0xFF), UInt8(time & 0xFF), 1, 44, UInt8(error.rawValue >> 8), UInt8(error.rawValue & 0xFF), 0, 0]
        tsig.mac = try key.algorithm.mac(secret: secret, message: input)
        var signed = response
        signed.additional.append(DNSRecord(name: key.name, type: .tsig, recordClass: .any, ttl: 0, data: .tsig(tsig)))
        return try signed.encode()
    }

    @Test("a signed request carries the TSIG record last; a response signed over its MAC verifies, for every algorithm",
          arguments: TSIGAlgorithm.allCases)
    func signAndVerify(algorithm: TSIGAlgorithm) throws {
        let secret = Array("0123456789abcdef0123456789abcdef".utf8)
        let key = try TSIGKey(name: DNSName("Kube-Lego.Example"), algorithm: algorithm, secret: secret)
        let request = DNSMessage.update(id: 0xBEEF, zone: try DNSName("example.test"), updates: [
            DNSRecord(name: try DNSName("_acme-challenge.example.test"), type: .txt, ttl: 60, data: .text("v")),
        ])
        let (bytes, mac) = try key.sign(request, now: 1_700_000_000)
        #expect(mac.count == algorithm.macSize)
        let decoded = try DNSMessage.decode(bytes)
        #expect(decoded.tsig?.mac == mac && decoded.tsig?.originalID == 0xBEEF && decoded.tsig?.fudge == 300)
        #expect(decoded.additional.last?.recordClass == .any && decoded.additional.last?.ttl == 0)

        var response = DNSMessage(id: 0xBEEF, opcode: .update)
        response.isResponse = true
        response.questions = request.questions
        let signed = try Self.serverSign(response, key: key, secret: secret, requestMAC: mac, time: 1_700_000_010)
        try key.verify(response: signed, message: try DNSMessage.decode(signed), requestMAC: mac, now: 1_700_000_000, server: "ns:53")

        var tampered = signed
        tampered[3] ^= 0x01
        #expect { try key.verify(response: tampered, message: try DNSMessage.decode(tampered), requestMAC: mac, now: 1_700_000_000, server: "ns:53") }
            throws: { ($0 as? DNSError)?.responseCode == .badSig }
        let otherRequest = mac.map { $0 ^ 0xFF }
        #expect { try key.verify(response: signed, message: try DNSMessage.decode(signed), requestMAC: otherRequest, now: 1_700_000_000, server: "ns:53") }
            throws: { ($0 as? DNSError)?.responseCode == .badSig }
        #expect { try key.verify(response: signed, message: try DNSMessage.decode(signed), requestMAC: mac, now: 1_700_000_400, server: "ns:53") }
            throws: { ($0 as? DNSError)?.responseCode == .badTime }
    }

    @Test("a TSIG error in the response (BADKEY) is reported with the server's name, before any MAC check")
    func serverReportedError() throws {
        let key = try TSIGKey(name: "k", secretBase64: "c2VjcmV0c2VjcmV0")
        var response = DNSMessage(id: 1, opcode: .update)
        response.isResponse = true
        response.responseCode = .notAuth
        response.additional = [DNSRecord(name: key.name, type: .tsig, recordClass: .any, ttl: 0,
                                         data: .tsig(TSIGRecordData(algorithm: key.algorithm.name, timeSigned: 5, fudge: 300, mac: [], originalID: 1, error: .badKey)))]
        let bytes = try response.encode()
        do {
            try key.verify(response: bytes, message: try DNSMessage.decode(bytes), requestMAC: [1], now: 5, server: "127.0.0.1:5353")
            Issue.record("verified")
        } catch {
            #expect(error.responseCode == .badKey && error.server == "127.0.0.1:5353")
            #expect(error.reason.contains("BADKEY") && error.reason.contains("127.0.0.1:5353") && error.reason.contains("NOTAUTH"))
        }
        #expect(!key.description.contains("c2VjcmV0"))
    }
}
