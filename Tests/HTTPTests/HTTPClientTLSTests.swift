@testable import KubeLegoHTTP
import Testing

/// TLS against local servers whose certificates come from throwaway CAs. "System" trust is a substitute bundle
/// (CA B) so that the tests decide what the system trusts.
@Suite("TLS trust, verification and client certificates")
struct HTTPClientTLSTests {
    let pki: HTTPTestPKI

    init() throws {
        pki = try HTTPTestPKI.shared()
    }

    private func get(_ server: LocalTestServer, _ client: HTTPClient) async throws(HTTPError) -> HTTPResponse {
        try await client.execute(HTTPRequest(url: server.url("/secure")))
    }

    @Test("a CA given as PEM in memory or as a file is trusted, and only with it")
    func trustFromPEMAndFile() async throws {
        let tls = try serverTLS(certificate: pki.serverAFile, key: pki.serverAKeyFile)
        try await LocalTestServer.with(tls: tls, route: echoRoute) { server in
            try await withClient(configure: { $0.trust = .pem(pki.caA, replacingSystem: true) }) { client in
                let response = try await get(server, client)
                #expect(response.text == "GET /secure ")
            }
            try await withClient(configure: { $0.trust = .file(pki.caAFile, replacingSystem: true) }) { client in
                let response = try await get(server, client)
                #expect(response.status == 200)
            }
            try await withClient(systemTrustBundle: pki.caBFile) { client in
                let error = await #expect(throws: HTTPError.self) { try await get(server, client) }
                #expect(error?.code == .tls)
                #expect(error?.description.hasPrefix("GET \(server.url("/secure")): ") == true)
            }
        }
    }

    @Test("replacingSystem: false keeps the system bundle trusted, true drops it")
    func replacingSystem() async throws {
        // Server B is trusted only through the (substitute) system bundle.
        let tls = try serverTLS(certificate: pki.serverBFile, key: pki.serverBKeyFile)
        try await LocalTestServer.with(tls: tls, route: echoRoute) { server in
            try await withClient(systemTrustBundle: pki.caBFile) { client in
                let response = try await get(server, client)
                #expect(response.status == 200)
            }
            for trust in [TrustRoots.pem(pki.caA, replacingSystem: false), .file(pki.caAFile, replacingSystem: false)] {
                try await withClient(systemTrustBundle: pki.caBFile, configure: { $0.trust = trust }) { client in
                    let response = try await get(server, client)
                    #expect(response.status == 200)
                }
            }
            for trust in [TrustRoots.pem(pki.caA, replacingSystem: true), .file(pki.caAFile, replacingSystem: true)] {
                try await withClient(systemTrustBundle: pki.caBFile, configure: { $0.trust = trust }) { client in
                    let error = await #expect(throws: HTTPError.self) { try await get(server, client) }
                    #expect(error?.code == .tls)
                }
            }
        }
        // And the extra CA is trusted next to the system bundle.
        let tlsA = try serverTLS(certificate: pki.serverAFile, key: pki.serverAKeyFile)
        try await LocalTestServer.with(tls: tlsA, route: echoRoute) { server in
            try await withClient(systemTrustBundle: pki.caBFile,
                                 configure: { $0.trust = .pem(pki.caA, replacingSystem: false) }) { client in
                let response = try await get(server, client)
                #expect(response.status == 200)
            }
        }
    }

    @Test("without a readable system bundle, extra CA certificates are still trusted")
    func missingSystemBundle() async throws {
        let tls = try serverTLS(certificate: pki.serverAFile, key: pki.serverAKeyFile)
        try await LocalTestServer.with(tls: tls, route: echoRoute) { server in
            try await withClient(systemTrustBundle: pki.directory + "/absent.pem",
                                 configure: { $0.trust = .pem(pki.caA, replacingSystem: false) }) { client in
                let response = try await get(server, client)
                #expect(response.status == 200)
            }
        }
    }

    @Test("insecureSkipTLSVerify accepts an untrusted server")
    func insecure() async throws {
        let tls = try serverTLS(certificate: pki.serverAFile, key: pki.serverAKeyFile)
        try await LocalTestServer.with(tls: tls, route: echoRoute) { server in
            try await withClient(systemTrustBundle: pki.caBFile, configure: { $0.insecureSkipTLSVerify = true }) {
                let response = try await get(server, $0)
                #expect(response.status == 200)
            }
        }
    }

    @Test("a server demanding a client certificate accepts ours and rejects us without it")
    func clientCertificate() async throws {
        let tls = try serverTLS(certificate: pki.serverAFile, key: pki.serverAKeyFile, clientCA: pki.caAFile)
        try await LocalTestServer.with(tls: tls, route: echoRoute) { server in
            try await withClient(configure: {
                $0.trust = .pem(pki.caA, replacingSystem: true)
                $0.clientCertificatePEM = pki.clientCertificatePEM
                $0.clientKeyPEM = pki.clientKeyPEM
            }) { client in
                let response = try await get(server, client)
                #expect(response.text == "GET /secure ")
            }
            try await withClient(configure: { $0.trust = .pem(pki.caA, replacingSystem: true) }) { client in
                let error = await #expect(throws: HTTPError.self) { try await get(server, client) }
                #expect(error?.code == .tls)
                #expect(error?.reason.contains("PRIVATE KEY") == false)
            }
        }
    }

    @Test("unusable TLS settings are refused when the client is made")
    func badConfiguration() throws {
        let cases: [(inout HTTPClientConfiguration) -> Void] = [
            { $0.trust = .pem("not a certificate", replacingSystem: true) },
            { $0.trust = .file("/nonexistent/ca.pem", replacingSystem: false) },
            { $0.clientCertificatePEM = pki.clientCertificatePEM },
            { $0.clientCertificatePEM = "garbage"; $0.clientKeyPEM = pki.clientKeyPEM },
        ]
        for configure in cases {
            var configuration = HTTPClientConfiguration()
            configure(&configuration)
            let error = #expect(throws: HTTPError.self) { try HTTPClient(configuration: configuration) }
            #expect(error?.code == .configuration)
            #expect(error?.description.contains("BEGIN") == false)
        }
    }
}
