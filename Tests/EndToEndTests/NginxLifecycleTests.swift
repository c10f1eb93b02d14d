import Foundation
import KubeLegoKube
import KubeLegoPebble
import KubeLegoSandbox
import KubeLegoTLS
import Testing

@Suite("End to end: renewal, restart, host changes, withdrawal, conflicts", .serialized, .timeLimit(.minutes(5)))
struct NginxLifecycleTests {
    static let ingress = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          namespace: default
          annotations:
            kubernetes.io/tls-acme: "true"
        spec:
          ingressClassName: nginx
          tls:
          - hosts: [www.example.org]
            secretName: web-tls
          rules:
          - host: www.example.org
        """

    /// An enabled Ingress created last, whose certificate proves the controller has worked through what came before.
    static let marker = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: marker
          namespace: default
          annotations:
            kubernetes.io/tls-acme: "true"
        spec:
          ingressClassName: nginx
          tls:
          - hosts: [marker.example.org]
            secretName: marker-tls
          rules:
          - host: marker.example.org
        """

    @Test("a certificate shorter-lived than the minimum validity is renewed two thirds into its life, not in a loop")
    func renews() async throws {
        var options = SandboxClusterOptions()
        options.certificateValidityPeriod = 45
        options.manifests = [Self.ingress]
        try await EndToEnd.run(options) { e2e in
            let controller = try e2e.startController()
            let first = try #require(try await e2e.waitForCertificate("default", "web-tls"), "\(controller.logTail())")
            let renewed = try await e2e.waitForCertificate("default", "web-tls", timeout: .seconds(60)) {
                $0.serialNumberHex != first.chain.leaf.serialNumberHex
            }
            let second = try #require(renewed, "not renewed; log:\n\(controller.logTail())")
            #expect(second.chain.leaf.notAfter > first.chain.leaf.notAfter)
            #expect(try await e2e.waitForEvent("default", reason: "CertificateRenewed") != nil)
            let orders = controller.logTail(1_000_000).components(separatedBy: "ordering certificate").count - 1
            #expect(orders <= 3, "renewals must not loop: \(orders) orders in about a minute")
            await controller.stop()
        }
    }

    @Test("a restarted controller orders nothing; a new host re-issues; the challenge objects are gone afterwards")
    func restartAndChange() async throws {
        var options = SandboxClusterOptions()
        options.manifests = [Self.ingress]
        try await EndToEnd.run(options) { e2e in
            let first = try e2e.startController()
            let issued = try #require(try await e2e.waitForCertificate("default", "web-tls"), "\(first.logTail())")
            await first.stop()
            let secretVersion = try await e2e.kube.get(Secret.self, namespace: "default", name: "web-tls").metadata.resourceVersion

            let metrics = try ControllerMetricsProbe.make()
            let second = try e2e.startController(metrics.environment)
            // The expiry gauge is set by the reconcile pass that reads the Secret and plans; the same pass would
            // have ordered. Once it is there, the decision is made and visible in the counters.
            #expect(try await metrics.waitFor("kube_lego_certificate_not_after_seconds", ["secret=\"web-tls\""]),
                    "the restarted controller never looked at web-tls; log:\n\(second.logTail())")
            #expect(await metrics.value("kube_lego_acme_requests_total", ["endpoint=\"newOrder\"", "status=\"201\""]) == 0,
                    "a restart must not re-order a valid certificate")
            #expect(await metrics.value("kube_lego_issuance_total") == 0)
            #expect(try await e2e.kube.get(Secret.self, namespace: "default", name: "web-tls").metadata.resourceVersion == secretVersion)

            _ = try await e2e.kube.updateWithRetry(Ingress.self, namespace: "default", name: "web") { ingress in
                ingress.tls[0].hosts = ["www.example.org", "api.example.org"]
                ingress.rules.append(IngressRule(raw: ["host": "api.example.org"]))
            }
            let reissued = try await e2e.waitForCertificate("default", "web-tls") { Set($0.dnsNames) == ["www.example.org", "api.example.org"] }
            #expect(reissued != nil, "adding a host re-issues; log:\n\(second.logTail())")
            #expect(reissued?.chain.leaf.serialNumberHex != issued.chain.leaf.serialNumberHex)
            let withdrawn = try await e2e.eventually { try await e2e.kube.list(Ingress.self, namespace: "kube-lego").items.isEmpty }
            #expect(withdrawn, "challenge routes are withdrawn once nothing needs them")
            await second.stop()
        }
    }

    @Test("removing the annotation orders nothing more and keeps the Secret; conflicts get Events and no order")
    func annotationRemovalAndConflicts() async throws {
        var options = SandboxClusterOptions()
        options.manifests = [Self.ingress, """
            apiVersion: v1
            kind: Secret
            metadata: {name: opaque, namespace: default}
            type: Opaque
            data: {x: eQ==}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: wrong-type
              namespace: default
              annotations: {kubernetes.io/tls-acme: "true"}
            spec:
              ingressClassName: nginx
              tls:
              - hosts: [opaque.example.org]
                secretName: opaque
              rules:
              - host: opaque.example.org
            """]
        try await EndToEnd.run(options) { e2e in
            // One worker: the queue is worked in order, so a marker Ingress queued last proves the ones before it done.
            let metrics = try ControllerMetricsProbe.make()
            let controller = try e2e.startController(metrics.environment.merging(["LEGO_WORKERS": "1"]) { $1 })
            _ = try #require(try await e2e.waitForCertificate("default", "web-tls"), "\(controller.logTail())")
            let warning = try #require(try await e2e.waitForEvent("default", reason: "SecretWrongType"))
            #expect(warning.type == "Warning")
            #expect(warning.message?.contains("Opaque") == true)
            #expect(await metrics.value("kube_lego_acme_requests_total", ["endpoint=\"newOrder\"", "status=\"201\""]) == 1,
                    "one order (web-tls), none for the refused entry")

            _ = try await e2e.kube.mergePatch(Ingress.self, namespace: "default", name: "web",
                                             patch: ["metadata": ["annotations": ["kubernetes.io/tls-acme": .null]]])
            _ = try await e2e.kube.updateWithRetry(Ingress.self, namespace: "default", name: "web") { ingress in
                ingress.tls[0].hosts = ["www.example.org", "more.example.org"]
                ingress.rules.append(IngressRule(raw: ["host": "more.example.org"]))
            }
            try e2e.apply(Self.marker)
            _ = try #require(try await e2e.waitForCertificate("default", "marker-tls"), "\(controller.logTail())")
            #expect(await metrics.value("kube_lego_acme_requests_total", ["endpoint=\"newOrder\"", "status=\"201\""]) == 2,
                    "only the marker was ordered after the annotation went")
            let secret = try await e2e.kube.get(Secret.self, namespace: "default", name: "web-tls")
            #expect(SecretLeaf.names(secret) == ["www.example.org"], "no longer served: no new order, Secret kept")
            #expect(try await e2e.kube.list(Ingress.self, namespace: "kube-lego").items.isEmpty)
            await controller.stop()
        }
    }
}

/// The DNS names of the leaf in a Secret's tls.crt.
enum SecretLeaf {
    static func names(_ secret: Secret) -> [String] {
        guard let crt = secret.data["tls.crt"], let chain = try? CertificateChain(pem: String(decoding: crt, as: UTF8.self)) else { return [] }
        return chain.leaf.dnsNames
    }
}
