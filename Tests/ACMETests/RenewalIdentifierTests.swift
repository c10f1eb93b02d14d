import Foundation
@testable import KubeLegoACME
import KubeLegoTLS
import Testing

@Suite("ARI certificate identifiers")
struct RenewalIdentifierTests {
    @Test("the identifier is base64url(AKI keyIdentifier).base64url(serial DER contents), as openssl reads them")
    func matchesOpenSSL() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ari-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let openssl = "/usr/bin/openssl"
        #expect(try runTool(openssl, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", path("ca.key"),
                                      "-out", path("ca.pem"), "-days", "2", "-subj", "/CN=ari test CA"]).0 == 0)
        #expect(try runTool(openssl, ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", path("leaf.key"),
                                      "-out", path("leaf.csr"), "-subj", "/CN=leaf.example.com"]).0 == 0)
        try "authorityKeyIdentifier=keyid\nsubjectAltName=DNS:leaf.example.com\n".write(toFile: path("ext"), atomically: true, encoding: .utf8)
        // The serial from RFC 9773's example: its top bit is set, so DER prepends a zero byte.
        #expect(try runTool(openssl, ["x509", "-req", "-in", path("leaf.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                                      "-set_serial", "0x87654321", "-out", path("leaf.pem"), "-days", "1", "-extfile", path("ext")]).0 == 0)
        let (_, akiText) = try runTool(openssl, ["x509", "-in", path("leaf.pem"), "-noout", "-ext", "authorityKeyIdentifier"])
        let hex = try #require(akiText.split(separator: "\n").last).trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: "keyid:", with: "").split(separator: ":").compactMap { UInt8($0, radix: 16) }
        #expect(hex.count == 20)
        let certificate = try Certificate(pem: String(contentsOfFile: path("leaf.pem"), encoding: .utf8))
        let identifier = try ACMEClient.renewalIdentifier(for: certificate)
        #expect(identifier == Base64URL.encode(hex) + ".AIdlQyE")
    }

    @Test("truncated or foreign DER yields no identifier")
    func garbage() {
        #expect(ACMEClient.aki([]) == nil)
        #expect(ACMEClient.aki([0x30, 0x82, 0xFF]) == nil)
        #expect(ACMEClient.aki([0x30, 0x03, 0x02, 0x01, 0x01]) == nil)
        #expect(ACMEClient.aki(Array(repeating: 0x30, count: 64)) == nil)
    }
}
