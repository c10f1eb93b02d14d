import Foundation
import KubeLegoKube
import KubeLegoSandbox
import Logging
import Testing

@Suite("connection settings against an HTTPS sandbox")
struct ConnectionTests {
    /// Starts an HTTPS sandbox (optionally requiring client certificates and a token) for one test.
    static func withTLSSandbox(
        clientCertificates: Bool = false, token: String? = nil,
        _ body: (SandboxAPIServer, TestCertificates, ScratchDirectory) async throws -> Void
    ) async throws {
        let dir = try ScratchDirectory()
        let certificates = try TestCertificates(in: dir)
        let tls = SandboxTLS(
            certificatePEM: certificates.serverCertificatePEM, privateKeyPEM: certificates.serverKeyPEM,
            clientCAPEM: clientCertificates ? certificates.caPEM : nil)
        let server = try await SandboxAPIServer.start(SandboxOptions(
            bearerToken: token, tls: tls, logger: Logger(label: "sandbox", factory: { _ in SwiftLogNoOpLogHandler() })))
        do {
            try await body(server, certificates, dir)
        } catch {
            try await server.stop()
            throw error
        }
        try await server.stop()
    }

    /// Lists ConfigMaps with a client made from `settings`; returns the error, if any.
    static func probe(_ settings: ConnectionSettings) async throws -> KubeError? {
        let client = try KubeClient(settings: settings, logger: testLogger)
        var failure: KubeError?
        do {
            _ = try await client.list(ConfigMap.self, namespace: "default")
        } catch {
            failure = error
        }
        await client.shutdown()
        return failure
    }

    @Test func kubeconfigWithClientCertificates() async throws {
        try await Self.withTLSSandbox(clientCertificates: true) { server, certificates, dir in
            let path = try dir.write("kubeconfig", server.kubeconfig(
                certificateAuthorityPEM: certificates.caPEM, clientCertificatePEM: certificates.clientCertificatePEM,
                clientKeyPEM: certificates.clientKeyPEM))
            let settings = try ConnectionSettings.resolve(environment: ["KUBECONFIG": path], serviceAccountDirectory: dir.path + "/none")
            #expect(try await Self.probe(settings) == nil)

            var withoutCertificate = settings
            withoutCertificate.clientCertificatePEM = nil
            withoutCertificate.clientKeyPEM = nil
            #expect(try await Self.probe(withoutCertificate)?.code == .transport)
        }
    }

    @Test func kubeconfigWithBearerTokenOverHTTPS() async throws {
        try await Self.withTLSSandbox(token: "kubeconfig-token") { server, certificates, dir in
            let path = try dir.write("kubeconfig", server.kubeconfig(certificateAuthorityPEM: certificates.caPEM, token: "kubeconfig-token"))
            let settings = try ConnectionSettings.kubeconfig(path: path)
            #expect(try await Self.probe(settings) == nil)

            let wrong = try dir.write("wrong", server.kubeconfig(certificateAuthorityPEM: certificates.caPEM, token: "wrong-token"))
            #expect(try await Self.probe(try ConnectionSettings.kubeconfig(path: wrong))?.code == .unauthorized)
        }
    }

    @Test func serverCertificateMustBeTrustedUnlessSkipped() async throws {
        try await Self.withTLSSandbox { server, _, dir in
            let untrusted = try dir.write("untrusted", server.kubeconfig())
            let error = try await Self.probe(try ConnectionSettings.kubeconfig(path: untrusted))
            #expect(error?.code == .transport)

            var text = server.kubeconfig()
            text = text.replacingOccurrences(of: "    server: \(server.baseURL)\n", with: "    server: \(server.baseURL)\n    insecure-skip-tls-verify: true\n")
            let skipping = try dir.write("skipping", text)
            let settings = try ConnectionSettings.kubeconfig(path: skipping)
            #expect(settings.insecureSkipTLSVerify)
            #expect(try await Self.probe(settings) == nil)
        }
    }

    @Test func inClusterWithInjectedServiceAccountAndRotatingToken() async throws {
        try await Self.withTLSSandbox(token: "rotated-token") { server, certificates, dir in
            try FileManager.default.createDirectory(atPath: dir.path + "/sa", withIntermediateDirectories: true)
            try dir.write("sa/ca.crt", certificates.caPEM)
            try dir.write("sa/namespace", "default")
            try dir.write("sa/token", "expired-token")
            let settings = try ConnectionSettings.resolve(
                environment: ["KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": String(server.port)],
                serviceAccountDirectory: dir.path + "/sa")
            #expect(settings.server == server.baseURL)
            #expect(settings.namespace == "default")

            let client = try KubeClient(settings: settings, logger: testLogger)
            let rejected = await #expect(throws: KubeError.self) { try await client.list(ConfigMap.self, namespace: "default") }
            #expect(rejected?.code == .unauthorized)
            // The kubelet rotates the token by replacing the file; the same client picks the new one up.
            try dir.write("sa/token.tmp", "rotated-token\n")
            try FileManager.default.removeItem(atPath: dir.path + "/sa/token")
            try FileManager.default.moveItem(atPath: dir.path + "/sa/token.tmp", toPath: dir.path + "/sa/token")
            let list = try await client.list(ConfigMap.self, namespace: "default")
            #expect(list.items.isEmpty)
            await client.shutdown()
        }
    }

    @Test func explicitURLWithTokenFile() async throws {
        try await withSandboxClient(SandboxOptions(bearerToken: "file-token")) { server, _ in
            let dir = try ScratchDirectory()
            let tokenFile = try dir.write("token", "file-token")
            let settings = try ConnectionSettings.resolve(
                environment: ["LEGO_KUBE_API_URL": server.baseURL, "LEGO_KUBE_API_TOKEN_FILE": tokenFile],
                serviceAccountDirectory: dir.path + "/none")
            #expect(try await Self.probe(settings) == nil)
        }
    }
}
