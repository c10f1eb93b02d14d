import Foundation
import KubeLegoKube
import KubeLegoSandbox
import Testing

/// Bearer-token auth and HTTPS (server TLS and mutual TLS), checked with raw HTTP, curl and kubectl.
@Suite struct AuthAndTLSTests {
    @Test func bearerTokenIsRequiredWhenConfigured() async throws {
        try await withSandbox(SandboxOptions(bearerToken: "s3cret")) { _, http in
            let anonymous = try http.request("GET", "/api/v1/namespaces")
            #expect(anonymous.status == 401)
            #expect(anonymous.json.text("kind") == "Status")
            #expect(anonymous.json.text("reason") == "Unauthorized")
            let wrong = try http.request("GET", "/api/v1/namespaces", headers: [("Authorization", "Bearer nope")])
            #expect(wrong.status == 401)
            let right = try http.request("GET", "/api/v1/namespaces", headers: [("Authorization", "Bearer s3cret")])
            #expect(right.status == 200)
        }
    }

    @Test func kubectlUsesTheTokenFromTheKubeconfigOverHTTPS() async throws {
        let scratch = try SandboxScratchDirectory()
        let certificates = try SandboxTestCertificates(in: scratch)
        let tls = SandboxTLS(certificatePEM: certificates.serverCertificatePEM, privateKeyPEM: certificates.serverKeyPEM)
        try await withSandbox(SandboxOptions(bearerToken: "s3cret", tls: tls)) { server, _ in
            let withToken = try Kubectl(kubeconfig: server.kubeconfig(certificateAuthorityPEM: certificates.caPEM), in: scratch)
            let allowed = try withToken("get", "ns")
            #expect(allowed.status == 0, "\(allowed.stderr)")
            let other = try SandboxScratchDirectory()
            let wrongToken = try Kubectl(
                kubeconfig: server.kubeconfig(certificateAuthorityPEM: certificates.caPEM, token: "wrong"), in: other)
            let denied = try wrongToken("get", "ns")
            #expect(denied.status != 0)
            #expect(denied.stderr.contains("Unauthorized") || denied.stderr.contains("must be logged in"))
        }
    }

    @Test func httpsWithATestCA() async throws {
        let scratch = try SandboxScratchDirectory()
        let certificates = try SandboxTestCertificates(in: scratch)
        let tls = SandboxTLS(certificatePEM: certificates.serverCertificatePEM, privateKeyPEM: certificates.serverKeyPEM)
        try await withSandbox(SandboxOptions(tls: tls)) { server, _ in
            #expect(server.baseURL.hasPrefix("https://127.0.0.1:"))
            let trusted = try ProcessRunner.run("/usr/bin/curl", ["-sS", "--cacert", certificates.caPath, "\(server.baseURL)/version"])
            #expect(trusted.status == 0, "\(trusted.stderr)")
            #expect(try JSONValue(parsing: trusted.stdout).text("gitVersion")?.hasPrefix("v1.30") == true)
            let untrusted = try ProcessRunner.run("/usr/bin/curl", ["-sS", "\(server.baseURL)/version"])
            #expect(untrusted.status != 0)
            let kubectl = try Kubectl(kubeconfig: server.kubeconfig(certificateAuthorityPEM: certificates.caPEM), in: scratch)
            let listed = try kubectl("get", "ns", "-o", "name")
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(listed.stdout.contains("namespace/default"))
        }
    }

    @Test func mutualTLSRequiresAClientCertificate() async throws {
        let scratch = try SandboxScratchDirectory()
        let certificates = try SandboxTestCertificates(in: scratch)
        let tls = SandboxTLS(certificatePEM: certificates.serverCertificatePEM, privateKeyPEM: certificates.serverKeyPEM,
                             clientCAPEM: certificates.caPEM)
        try await withSandbox(SandboxOptions(tls: tls)) { server, _ in
            let withoutCertificate = try ProcessRunner.run("/usr/bin/curl",
                ["-sS", "--cacert", certificates.caPath, "\(server.baseURL)/api/v1/namespaces"])
            #expect(withoutCertificate.status != 0)
            let withCertificate = try ProcessRunner.run("/usr/bin/curl",
                ["-sS", "--cacert", certificates.caPath, "--cert", certificates.clientCertificatePath, "--key",
                 certificates.clientKeyPath, "\(server.baseURL)/api/v1/namespaces"])
            #expect(withCertificate.status == 0, "\(withCertificate.stderr)")
            #expect(try JSONValue(parsing: withCertificate.stdout).text("kind") == "NamespaceList")
            let kubectl = try Kubectl(kubeconfig: server.kubeconfig(
                certificateAuthorityPEM: certificates.caPEM, clientCertificatePEM: certificates.clientCertificatePEM,
                clientKeyPEM: certificates.clientKeyPEM), in: scratch)
            let listed = try kubectl("get", "ns")
            #expect(listed.status == 0, "\(listed.stderr)")
        }
    }

    @Test func unusableTLSMaterialFailsToStartWithoutLeakingTheKey() async throws {
        let tls = SandboxTLS(certificatePEM: "not a certificate", privateKeyPEM: "SECRET-KEY-MATERIAL")
        do {
            _ = try await SandboxAPIServer.start(SandboxOptions(tls: tls))
            Issue.record("start should fail")
        } catch let error as SandboxError {
            #expect(error.code == .startup)
            #expect(!error.description.contains("SECRET-KEY-MATERIAL"))
        }
    }
}
