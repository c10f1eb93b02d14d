import Foundation
import KubeLegoTLS
import Testing

@Suite struct CertificateChainRejectionTests {
    func error(reading pem: String) -> TLSError? {
        #expect(throws: TLSError.self) { try CertificateChain(pem: pem) }
    }

    @Test func rejectsEmptyInput() {
        #expect(error(reading: "")?.code == .emptyInput)
        #expect(error(reading: "\n\n  \n")?.code == .emptyInput)
    }

    @Test func rejectsGarbage() {
        let failure = error(reading: "<html>502 Bad Gateway</html>")
        #expect(failure?.code == .invalidPEM)
        #expect(failure?.reason.contains("no PEM block") == true)
    }

    @Test func rejectsAKeyWhereACertificateIsExpected() throws {
        try withScratchDirectory { directory in
            let cli = try CLIChain.make(in: directory)
            let onlyKey = error(reading: cli.leafKeyPEM)
            #expect(onlyKey?.code == .invalidPEM)
            #expect(onlyKey?.reason.contains("PEM block 1 (PRIVATE KEY)") == true)

            let blocks = cli.chainPEM.components(separatedBy: "-----END CERTIFICATE-----\n")
            let keyInMiddle = blocks[0] + "-----END CERTIFICATE-----\n" + cli.leafKeyPEM
            let second = error(reading: keyInMiddle)
            #expect(second?.code == .invalidPEM)
            #expect(second?.reason.contains("PEM block 2 (PRIVATE KEY)") == true)
            #expect(second?.reason.contains(cli.leafKeyPEM.split(separator: "\n")[1].prefix(12)) == false)
        }
    }

    @Test func rejectsATruncatedChainNamingTheBlock() throws {
        try withScratchDirectory { directory in
            let cli = try CLIChain.make(in: directory)
            let secondStart = try #require(cli.chainPEM.range(of: "-----BEGIN CERTIFICATE-----", range: cli.chainPEM.index(after: cli.chainPEM.startIndex)..<cli.chainPEM.endIndex))
            let cut = String(cli.chainPEM[..<cli.chainPEM.index(secondStart.upperBound, offsetBy: 200)])
            let failure = error(reading: cut)
            #expect(failure?.code == .invalidPEM)
            #expect(failure?.reason == "PEM block 2 (CERTIFICATE) is truncated: no END line")

            // Lines dropped from the middle of block 3: base64 still decodes, the DER does not.
            var lines = cli.chainPEM.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let thirdBegin = try #require(lines.indices.filter { lines[$0] == "-----BEGIN CERTIFICATE-----" }.last)
            lines.removeSubrange(thirdBegin + 2...thirdBegin + 3)
            let damaged = error(reading: lines.joined(separator: "\n"))
            #expect(damaged?.code == .invalidCertificate)
            #expect(damaged?.reason.hasPrefix("PEM block 3 (CERTIFICATE) in the chain:") == true)
        }
    }

    @Test func rejectsBadBase64AndMismatchedEnds() {
        let badBase64 = "-----BEGIN CERTIFICATE-----\nMIIB$$$\n-----END CERTIFICATE-----\n"
        #expect(error(reading: badBase64)?.reason == "PEM block 1 (CERTIFICATE) is not valid base64")
        let mismatched = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END PRIVATE KEY-----\n"
        #expect(error(reading: mismatched)?.code == .invalidPEM)
        let emptyBlock = "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"
        #expect(error(reading: emptyBlock)?.reason == "PEM block 1 (CERTIFICATE) has no content")
        let notACertificate = "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n"
        #expect(error(reading: notACertificate)?.code == .invalidCertificate)
    }
}
