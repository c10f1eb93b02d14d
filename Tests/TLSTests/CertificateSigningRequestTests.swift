import Foundation
import KubeLegoTLS
import Testing

@Suite struct CertificateSigningRequestTests {
    /// `openssl req -verify -noout -text` of the request: the CLI checks the signature and prints the contents.
    func cliText(of request: CertificateSigningRequest) throws -> String {
        try withScratchDirectory { directory in
            try write(Data(request.pem.utf8), to: "request.pem", in: directory)
            let text = try openssl("req", "-in", "request.pem", "-verify", "-noout", "-text", in: directory)
            let der = try openssl("req", "-in", "request.pem", "-outform", "DER", "-out", "request.der", in: directory)
            #expect(der.isEmpty)
            #expect(Array(try Data(contentsOf: directory.appendingPathComponent("request.der"))) == request.der)
            return text
        }
    }

    /// The line after "X509v3 Subject Alternative Name:".
    func subjectAltNames(in text: String) -> String? {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let index = lines.firstIndex(where: { $0.hasPrefix("X509v3 Subject Alternative Name") }) else { return nil }
        return lines[index + 1]
    }

    func subjectLine(in text: String) -> String? {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix("Subject:") }
    }

    @Test(arguments: [KeyType.ec256, .ec384, .rsa2048])
    func putsEveryNameIntoSubjectAltName(_ type: KeyType) throws {
        let key = try PrivateKey.generate(type)
        let request = try CertificateSigningRequest.make(identifiers: ["example.test", "www.example.test", "*.apps.example.test"], key: key)
        #expect(request.pem.hasPrefix("-----BEGIN CERTIFICATE REQUEST-----\n"))
        let text = try cliText(of: request)
        #expect(subjectAltNames(in: text) == "DNS:example.test, DNS:www.example.test, DNS:*.apps.example.test")
        #expect(subjectLine(in: text) == "Subject: CN = example.test")
        #expect(text.contains(type == .rsa2048 ? "Signature Algorithm: sha256WithRSAEncryption" : "Signature Algorithm: ecdsa-with-SHA256"))
    }

    @Test func aSingleNameStillGetsSubjectAltName() throws {
        let request = try CertificateSigningRequest.make(identifiers: ["only.example.test"], key: try PrivateKey.generate(.ec256))
        let text = try cliText(of: request)
        #expect(subjectAltNames(in: text) == "DNS:only.example.test")
        #expect(subjectLine(in: text) == "Subject: CN = only.example.test")
    }

    @Test func ipAddressesBecomeIPEntriesAndNeverTheCommonName() throws {
        let key = try PrivateKey.generate(.ec256)
        let request = try CertificateSigningRequest.make(identifiers: ["192.0.2.1", "2001:db8::7", "host.example.test"], key: key)
        let text = try cliText(of: request)
        #expect(subjectAltNames(in: text) == "IP Address:192.0.2.1, IP Address:2001:DB8:0:0:0:0:0:7, DNS:host.example.test")
        #expect(subjectLine(in: text) == "Subject: CN = host.example.test")

        let onlyIP = try cliText(of: try CertificateSigningRequest.make(identifiers: ["127.0.0.1"], key: key))
        #expect(subjectAltNames(in: onlyIP) == "IP Address:127.0.0.1")
        #expect(subjectLine(in: onlyIP) == "Subject:")
        #expect(onlyIP.contains("X509v3 Subject Alternative Name: critical"))
    }

    @Test func aFirstNameLongerThan64BytesGivesNoCommonName() throws {
        let long = String(repeating: "a", count: 52) + ".example.test"  // 65 bytes
        #expect(long.utf8.count == 65)
        let exactly64 = String(repeating: "b", count: 51) + ".example.test"
        let key = try PrivateKey.generate(.ec256)

        let text = try cliText(of: try CertificateSigningRequest.make(identifiers: [long, "short.example.test"], key: key))
        #expect(subjectLine(in: text) == "Subject:")
        #expect(subjectAltNames(in: text) == "DNS:\(long), DNS:short.example.test")

        let fits = try cliText(of: try CertificateSigningRequest.make(identifiers: [exactly64], key: key))
        #expect(subjectLine(in: fits) == "Subject: CN = \(exactly64)")
    }

    @Test func theRequestCarriesTheKeysPublicHalf() throws {
        let key = try PrivateKey.generate(.rsa2048)
        let text = try cliText(of: try CertificateSigningRequest.make(identifiers: ["example.test"], key: key))
        let modulusLine = Base64URL.decode(key.publicJWK.members[2].value).map { hex($0.prefix(4)) } ?? "?"
        let printed = text.replacingOccurrences(of: ":", with: "").replacingOccurrences(of: " ", with: "")
            .replacingOccurrences(of: "\n", with: "")
        #expect(printed.contains("Modulus00" + modulusLine) || printed.contains("Modulus" + modulusLine))
    }

    @Test(arguments: [
        "", " ", "bad name.example", "-lead.example", "trail-.example", "a..b", "trailing.dot.", ".leading", "ünicode.example",
        "under_score.example", "*", "*.com", "a.*.example", "host:8080", "192.0.2.1/24", "fe80::1%eth0",
        String(repeating: "a", count: 64) + ".example", String(repeating: "abcdefghi.", count: 26) + "example",
    ])
    func rejectsMalformedIdentifiers(_ name: String) throws {
        let key = try PrivateKey.generate(.ec256)
        let error = #expect(throws: TLSError.self) {
            try CertificateSigningRequest.make(identifiers: ["good.example", name], key: key)
        }
        #expect(error?.code == .invalidIdentifier, "\(name)")
    }

    @Test func rejectsAnEmptyList() throws {
        let error = #expect(throws: TLSError.self) {
            try CertificateSigningRequest.make(identifiers: [], key: try PrivateKey.generate(.ec256))
        }
        #expect(error?.code == .invalidIdentifier)
    }
}
