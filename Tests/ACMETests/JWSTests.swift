import Foundation
@testable import KubeLegoACME
import KubeLegoTLS
import Testing

@Suite("JWS request bodies")
struct JWSTests {
    /// The decoded parts of a flattened JWS body.
    struct Decoded {
        let header: [String: Any]
        let payload: [UInt8]
        let signingInput: [UInt8]
        let signature: [UInt8]
    }

    func decode(_ body: [UInt8]) throws -> Decoded {
        let flattened = try JSONDecoder().decode(JWS.Flattened.self, from: Data(body))
        let header = try #require(Base64URL.decode(flattened.protected))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(header)) as? [String: Any])
        return Decoded(header: object, payload: try #require(Base64URL.decode(flattened.payload)),
                       signingInput: Array("\(flattened.protected).\(flattened.payload)".utf8),
                       signature: try #require(Base64URL.decode(flattened.signature)))
    }

    @Test("newAccount-style requests embed the JWK, not a kid", arguments: [KeyType.ec256, .ec384, .rsa2048])
    func jwkHeader(keyType: KeyType) throws {
        let key = try PrivateKey.generate(keyType)
        let body = try JWS.sign(payload: .json(Array(#"{"termsOfServiceAgreed":true}"#.utf8)), url: "https://ca/new-acct",
                                nonce: "bm9uY2U", key: key, reference: .jwk)
        let jws = try decode(body)
        #expect(jws.header["alg"] as? String == key.jwsAlgorithm)
        #expect(jws.header["nonce"] as? String == "bm9uY2U")
        #expect(jws.header["url"] as? String == "https://ca/new-acct")
        #expect(jws.header["kid"] == nil)
        let jwk = try #require(jws.header["jwk"] as? [String: String])
        #expect(jwk == Dictionary(uniqueKeysWithValues: key.publicJWK.members.map { ($0.name, $0.value) }))
        #expect(String(decoding: jws.payload, as: UTF8.self) == #"{"termsOfServiceAgreed":true}"#)
        #expect(try verify(signature: jws.signature, input: jws.signingInput, key: key))
    }

    @Test("account requests name the account URL as kid; POST-as-GET has an empty payload")
    func kidAndPostAsGet() throws {
        let key = try PrivateKey.generate(.ec256)
        let body = try JWS.sign(payload: .postAsGet, url: "https://ca/authz/1", nonce: "abc", key: key, reference: .kid("https://ca/acct/7"))
        let flattened = try JSONDecoder().decode(JWS.Flattened.self, from: Data(body))
        #expect(flattened.payload == "")
        let jws = try decode(body)
        #expect(jws.header["kid"] as? String == "https://ca/acct/7")
        #expect(jws.header["jwk"] == nil)
        #expect(Set(jws.header.keys) == ["alg", "kid", "nonce", "url"])
        #expect(try verify(signature: jws.signature, input: jws.signingInput, key: key))
    }

    @Test("a tampered payload no longer verifies (the check can fail)")
    func tamperedFails() throws {
        let key = try PrivateKey.generate(.ec256)
        let jws = try decode(try JWS.sign(payload: .json(Array("{}".utf8)), url: "https://ca/x", nonce: "n", key: key, reference: .jwk))
        #expect(try !verify(signature: jws.signature, input: jws.signingInput + [0x41], key: key))
    }

    @Test("external account binding is HS256 over the account JWK, keyed by the CA's MAC key")
    func externalAccountBinding() throws {
        let key = try PrivateKey.generate(.ec256)
        let macKey = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W"
        let binding = try ExternalAccountBinding(keyID: "kid-1", macKeyBase64URL: macKey)
        let eab = try JWS.externalAccountBinding(accountKey: key, binding: binding, url: "https://ca/new-acct")
        let header = try #require(Base64URL.decode(eab.protected))
        #expect(String(decoding: header, as: UTF8.self) == #"{"alg":"HS256","kid":"kid-1","url":"https://ca/new-acct"}"#)
        #expect(Base64URL.decode(eab.payload) == Array(key.publicJWK.json.utf8))
        let hexKey = try #require(Base64URL.decode(macKey)).map { String(format: "%02x", $0) }.joined()
        let (status, output) = try runTool("/usr/bin/openssl", ["dgst", "-sha256", "-mac", "HMAC", "-macopt", "hexkey:\(hexKey)", "-hex"],
                                           input: Array("\(eab.protected).\(eab.payload)".utf8))
        #expect(status == 0)
        let expected = try #require(Base64URL.decode(eab.signature)).map { String(format: "%02x", $0) }.joined()
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix(expected))
        #expect(!binding.description.contains(macKey))
    }

    @Test("a MAC key that is not base64url is refused")
    func badMacKey() {
        #expect(throws: ACMEError.self) { try ExternalAccountBinding(keyID: "k", macKeyBase64URL: "not base64!") }
        #expect(throws: ACMEError.self) { try ExternalAccountBinding(keyID: "", macKeyBase64URL: "AAAA") }
    }

    /// Verifies a JWS signature with the openssl CLI (ES* signatures are converted from r||s to DER first).
    func verify(signature: [UInt8], input: [UInt8], key: PrivateKey) throws -> Bool {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyFile = directory.appendingPathComponent("key.pem"), publicFile = directory.appendingPathComponent("pub.pem")
        let signatureFile = directory.appendingPathComponent("sig"), inputFile = directory.appendingPathComponent("input")
        try key.pemPKCS8().write(to: keyFile, atomically: true, encoding: .utf8)
        #expect(try runTool("/usr/bin/openssl", ["pkey", "-in", keyFile.path, "-pubout", "-out", publicFile.path]).0 == 0)
        let digest = key.jwsAlgorithm == "ES384" ? "-sha384" : "-sha256"
        let der = key.jwsAlgorithm.hasPrefix("ES") ? ecdsaDER(signature) : signature
        try Data(der).write(to: signatureFile)
        try Data(input).write(to: inputFile)
        let (status, _) = try runTool("/usr/bin/openssl", ["dgst", digest, "-verify", publicFile.path, "-signature", signatureFile.path, inputFile.path])
        return status == 0
    }

    /// r||s → DER `SEQUENCE { INTEGER r, INTEGER s }`.
    func ecdsaDER(_ raw: [UInt8]) -> [UInt8] {
        func integer(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
            var value = Array(bytes.drop { $0 == 0 })
            if value.isEmpty { value = [0] }
            if value[0] & 0x80 != 0 { value.insert(0, at: 0) }
            return [0x02, UInt8(value.count)] + value
        }
        let half = raw.count / 2
        let body = integer(raw[..<half]) + integer(raw[half...])
        return body.count < 128 ? [0x30, UInt8(body.count)] + body : [0x30, 0x81, UInt8(body.count)] + body
    }
}
