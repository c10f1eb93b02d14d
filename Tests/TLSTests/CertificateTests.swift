import Foundation
import KubeLegoTLS
import Testing

@Suite struct CertificateTests {
    /// "notAfter=Feb 28 01:02:03 2027 GMT" as a Date.
    func cliDate(_ line: String) throws -> Date {
        let value = try #require(line.split(separator: "=", maxSplits: 1).last).trimmingCharacters(in: .whitespacesAndNewlines)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "MMM d HH:mm:ss yyyy zzz"
        let collapsed = value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return try #require(formatter.date(from: collapsed), "\(value)")
    }

    /// Facts the openssl CLI prints about the certificate in `file`.
    func cliFacts(_ file: String, in directory: URL) throws -> (notBefore: Date, notAfter: Date, fingerprint: String, serial: String) {
        let lines = try openssl("x509", "-in", file, "-noout", "-startdate", "-enddate", "-fingerprint", "-sha256", "-serial", in: directory)
            .split(separator: "\n").map(String.init)
        func value(_ prefix: String) throws -> String {
            try #require(lines.first { $0.hasPrefix(prefix) }).dropFirst(prefix.count).description
        }
        return (
            try cliDate("x=" + value("notBefore=")),
            try cliDate("x=" + value("notAfter=")),
            try value("sha256 Fingerprint=").replacingOccurrences(of: ":", with: "").lowercased(),
            try value("serial=").lowercased()
        )
    }

    @Test func readsEveryFactOfACLIChain() throws {
        try withScratchDirectory { directory in
            let cli = try CLIChain.make(in: directory)
            let chain = try CertificateChain(pem: cli.chainPEM)
            #expect(chain.certificates.count == 3)
            let (leaf, intermediate, root) = (chain.certificates[0], chain.certificates[1], chain.certificates[2])
            #expect(chain.leaf.der == leaf.der)

            #expect(leaf.dnsNames == CLIChain.leafNames)
            #expect(leaf.ipAddresses == CLIChain.leafIPs)
            #expect(leaf.subjectCommonName == "www.example.test")
            #expect(leaf.issuerCommonName == "Test Intermediate CA")
            #expect(leaf.serialNumberHex == CLIChain.leafSerial)
            #expect(!leaf.isCA)

            #expect(intermediate.dnsNames.isEmpty && intermediate.ipAddresses.isEmpty)
            #expect(intermediate.subjectCommonName == "Test Intermediate CA")
            #expect(intermediate.issuerCommonName == "Test Root CA")
            #expect(intermediate.serialNumberHex == CLIChain.intermediateSerial)
            #expect(intermediate.isCA)

            #expect(root.subjectCommonName == "Test Root CA")
            #expect(root.issuerCommonName == "Test Root CA")
            #expect(root.serialNumberHex == "01")
            #expect(root.isCA)

            for (certificate, file) in [(leaf, "leaf.pem"), (intermediate, "inter.pem"), (root, "root.pem")] {
                let facts = try cliFacts(file, in: directory)
                #expect(certificate.notBefore == facts.notBefore, "\(file)")
                #expect(certificate.notAfter == facts.notAfter, "\(file)")
                #expect(certificate.sha256Fingerprint == facts.fingerprint, "\(file)")
                #expect(certificate.serialNumberHex == facts.serial, "\(file)")
                #expect(certificate.pem == (try read(file, in: directory)), "\(file)")
                let single = try Certificate(pem: try read(file, in: directory))
                #expect(single == certificate)
            }
            let days = leaf.notAfter.timeIntervalSince(leaf.notBefore) / 86_400
            #expect(days == 90)
            #expect(abs(leaf.notBefore.timeIntervalSinceNow) < 3_600)
        }
    }

    @Test func reEncodesTheChainLeafFirst() throws {
        try withScratchDirectory { directory in
            let cli = try CLIChain.make(in: directory)
            let chain = try CertificateChain(pem: "text before\n" + cli.chainPEM.replacingOccurrences(of: "\n", with: "\r\n"))
            #expect(chain.pem == cli.chainPEM)
            let again = try CertificateChain(pem: chain.pem)
            #expect(again.certificates.map(\.der) == chain.certificates.map(\.der))
        }
    }

    @Test func matchesOnlyItsOwnKey() throws {
        try withScratchDirectory { directory in
            let cli = try CLIChain.make(in: directory)
            let chain = try CertificateChain(pem: cli.chainPEM)
            let leafKey = try PrivateKey(pem: cli.leafKeyPEM)
            let rootKey = try PrivateKey(pem: cli.rootKeyPEM)
            #expect(leafKey.matches(chain.leaf))
            #expect(!leafKey.matches(chain.certificates[1]))
            #expect(!leafKey.matches(chain.certificates[2]))
            #expect(rootKey.matches(chain.certificates[2]))
            #expect(!rootKey.matches(chain.leaf))
            #expect(!(try PrivateKey.generate(.rsa2048)).matches(chain.leaf))
            try leafKey.requireMatch(chain.leaf)
            let mismatch = #expect(throws: TLSError.self) { try rootKey.requireMatch(chain.leaf) }
            #expect(mismatch?.code == .keyMismatch)
            #expect(mismatch?.reason.contains("www.example.test") == true)
        }
    }

    @Test func derInitRejectsEmptyAndTrailingBytes() throws {
        try withScratchDirectory { directory in
            let cli = try CLIChain.make(in: directory)
            let leaf = try CertificateChain(pem: cli.chainPEM).leaf
            #expect(try Certificate(der: leaf.der) == leaf)
            #expect(#expect(throws: TLSError.self) { try Certificate(der: []) }?.code == .emptyInput)
            #expect(#expect(throws: TLSError.self) { try Certificate(der: leaf.der + [0]) }?.code == .invalidCertificate)
            #expect(#expect(throws: TLSError.self) { try Certificate(der: Array(leaf.der.dropLast())) }?.code == .invalidCertificate)
            #expect(#expect(throws: TLSError.self) { try Certificate(pem: cli.chainPEM) }?.code == .invalidPEM)
        }
    }
}
