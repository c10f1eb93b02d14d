import Foundation
import KubeLegoTLS
import KubeLegoTestKit
import Testing

/// TestCA is what other modules' TLS tests stand on: check that what it issues is what it promises.
@Suite struct TestCATests {
    @Test func issuesServerCertificatesThatVerifyAgainstTheCA() throws {
        try withScratchDirectory { directory in
            let ca = try TestCA.make(in: directory)
            let root = try Certificate(pem: ca.certificatePEM)
            #expect(root.isCA)
            #expect(root.subjectCommonName?.hasPrefix("kube-lego test CA") == true)
            #expect(try String(contentsOf: ca.certificateFile, encoding: .utf8) == ca.certificatePEM)

            let server = try ca.issueServer(names: ["localhost", "127.0.0.1", "::1"])
            let certificate = try Certificate(pem: server.certificatePEM)
            #expect(certificate.dnsNames == ["localhost"])
            #expect(certificate.ipAddresses == ["127.0.0.1", "::1"])
            #expect(certificate.subjectCommonName == "localhost")
            #expect(certificate.issuerCommonName == root.subjectCommonName)
            #expect(!certificate.isCA)
            #expect(try PrivateKey(pem: server.keyPEM).matches(certificate))
            #expect(try String(contentsOf: server.certificateFile, encoding: .utf8) == server.certificatePEM)
            #expect(try String(contentsOf: server.keyFile, encoding: .utf8) == server.keyPEM)
            let verified = try openssl(
                "verify", "-CAfile", ca.certificateFile.path, "-purpose", "sslserver", server.certificateFile.path, in: directory
            )
            #expect(verified.contains(": OK"))
        }
    }

    @Test func issuesClientCertificates() throws {
        try withScratchDirectory { directory in
            let ca = try TestCA.make(in: directory)
            let client = try ca.issueClient(commonName: "alice", organization: "system:masters")
            let certificate = try Certificate(pem: client.certificatePEM)
            #expect(certificate.subjectCommonName == "alice")
            #expect(certificate.dnsNames.isEmpty)
            #expect(try PrivateKey(pem: client.keyPEM).matches(certificate))
            let verified = try openssl(
                "verify", "-CAfile", ca.certificateFile.path, "-purpose", "sslclient", client.certificateFile.path, in: directory
            )
            #expect(verified.contains(": OK"))
            let subject = try openssl("x509", "-in", client.certificateFile.path, "-noout", "-subject", in: directory)
            #expect(subject.contains("O = system:masters"))
            let serverUse = try TestCA.run(
                ["verify", "-CAfile", ca.certificateFile.path, "-purpose", "sslserver", client.certificateFile.path], in: directory
            )
            #expect(serverUse.status != 0)
        }
    }

    @Test func oneCAIssuesInParallelWithDistinctSerials() async throws {
        let directory = try makeTemporaryDirectory("kubelego-testca")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ca = try TestCA.make(in: directory)
        let serials = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<6 {
                group.addTask { try Certificate(pem: try ca.issueServer(names: ["host\(index).test"]).certificatePEM).serialNumberHex }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(serials.count == 6)
    }

    @Test func reportsAFailedCommand() throws {
        try withScratchDirectory { directory in
            let error = #expect(throws: TestCA.CommandError.self) { try openssl("x509", "-in", "missing.pem", in: directory) }
            #expect(error?.status != 0)
            #expect(error?.description.contains("missing.pem") == true)
        }
    }
}
