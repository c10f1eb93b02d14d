import Foundation
import KubeLegoChallengeSolvers
import KubeLegoKube
import KubeLegoSandbox
import KubeLegoTLS
import Synchronization
import Testing

/// Gateways as certificate sources, end to end: the real binary, the sandbox serving the Gateway API, its nginx
/// data plane routing HTTPRoutes as a Gateway implementation does, and real Pebble validating through them.
@Suite("End to end: annotated Gateways", .serialized, .timeLimit(.minutes(5)))
struct GatewayEndToEndTests {
    /// A Gateway with an HTTP listener, two HTTPS listeners sharing `shop-tls`, one with its own `admin-tls`,
    /// one without a hostname; the user's HTTPRoute for `/`; and an Ingress claiming `dup-tls` with other hosts
    /// than the Gateway's listener naming it.
    static let manifests = [
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}",
        """
        apiVersion: v1
        kind: Service
        metadata: {name: site, namespace: shop}
        spec:
          selector: {app: site}
          ports: [{port: 80, targetPort: 8080}]
        """,
        """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata:
          name: web
          namespace: shop
          annotations: {kubernetes.io/tls-acme: "true"}
        spec:
          gatewayClassName: sandbox
          listeners:
          - {name: http, protocol: HTTP, port: 80}
          - name: https-shop
            protocol: HTTPS
            port: 443
            hostname: shop.example.com
            tls: {certificateRefs: [{name: shop-tls}]}
          - name: https-www
            protocol: HTTPS
            port: 443
            hostname: www.shop.example.com
            tls: {certificateRefs: [{name: shop-tls}]}
          - name: https-admin
            protocol: HTTPS
            port: 443
            hostname: admin.shop.example.com
            tls: {certificateRefs: [{kind: Secret, name: admin-tls}]}
          - name: https-any
            protocol: HTTPS
            port: 8443
            tls: {certificateRefs: [{name: any-tls}]}
          - name: https-dup
            protocol: HTTPS
            port: 443
            hostname: dup.example.com
            tls: {certificateRefs: [{name: dup-tls}]}
        """,
        """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: site, namespace: shop}
        spec:
          parentRefs: [{name: web, sectionName: http}]
          hostnames: [shop.example.com, www.shop.example.com, admin.shop.example.com]
          rules:
          - matches: [{path: {type: PathPrefix, value: /}}]
            backendRefs: [{name: site, port: 80}]
        """,
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: dup
          namespace: shop
          annotations: {kubernetes.io/tls-acme: "true"}
        spec:
          ingressClassName: nginx
          tls:
          - {secretName: dup-tls, hosts: [other.example.com]}
          rules:
          - host: other.example.com
        """,
    ]

    @Test("listeners get their certificates through a challenge HTTPRoute; the user's route keeps answering; conflicts and hostless listeners are reported; unannotating stops")
    func gatewayCertificates() async throws {
        var options = SandboxClusterOptions()
        options.manifests = Self.manifests
        let site = HTTP01Responder(host: "127.0.0.1", port: 0, version: "site-app", logger: quiet)
        try await site.serving { address in
            try await EndToEnd.run(options) { e2e in
                await e2e.cluster.endpoints.add(SandboxPod(name: "site", namespace: "shop", labels: ["app": "site"], port: address.port))
                try await e2e.cluster.dataPlane.waitUntilCurrent()
                let first = try await e2e.cluster.dataPlane.get(host: "shop.example.com", path: "/catalogue")
                #expect(first.body.contains("site-app"), "\(first)")
                let metrics = try ControllerMetricsProbe.make()
                let controller = try e2e.startController(metrics.environment.merging(["LEGO_GATEWAY_CLASSES": "sandbox"]) { $1 })

                // While the certificates are ordered, every answer for the user's path comes from the user's backend
                // (a connection cut by an nginx reload is no answer, and is asked again).
                let misses = Mutex<[String]>([])
                let answered = Mutex(0)
                let watcher = Task {
                    while !Task.isCancelled {
                        if let answer = try? await e2e.cluster.dataPlane.get(host: "www.shop.example.com", path: "/catalogue") {
                            answered.withLock { $0 += 1 }
                            if !answer.body.contains("site-app") { misses.withLock { $0.append("\(answer)") } }
                        }
                        try? await Task.sleep(for: .milliseconds(50))
                    }
                }
                let shop = try await e2e.waitForCertificate("shop", "shop-tls", timeout: .seconds(120))
                let admin = try await e2e.waitForCertificate("shop", "admin-tls", timeout: .seconds(120))
                _ = try await e2e.eventually { answered.withLock { $0 } > 0 }
                watcher.cancel()
                let shopCertificate = try #require(shop, "no certificate in shop/shop-tls; log:\n\(controller.logTail())")
                let adminCertificate = try #require(admin, "no certificate in shop/admin-tls; log:\n\(controller.logTail())")
                #expect(Set(shopCertificate.chain.leaf.dnsNames) == ["shop.example.com", "www.shop.example.com"])
                #expect(adminCertificate.chain.leaf.dnsNames == ["admin.shop.example.com"])
                #expect(try await e2e.verifies(shopCertificate.chain))
                #expect(try await e2e.verifies(adminCertificate.chain))
                #expect(misses.withLock { $0 }.isEmpty, "the user's route missed: \(misses.withLock { $0 }.prefix(3))")
                #expect(answered.withLock { $0 } > 0, "the user's route never answered")

                // The listener without a hostname and the Secret claimed by an Ingress with other hosts: Events, no order.
                let hostless = try await e2e.eventually {
                    try await e2e.events("shop", reason: "ListenerWithoutHostname").contains {
                        $0.involvedObject["kind"]?.stringValue == "Gateway" && ($0.message ?? "").contains("https-any")
                    }
                }
                #expect(hostless, "no ListenerWithoutHostname Event on Gateway shop/web; log:\n\(controller.logTail())")
                let conflicts = try await e2e.eventually {
                    let kinds = Set(try await e2e.events("shop", reason: "SecretConflict").compactMap { $0.involvedObject["kind"]?.stringValue })
                    return kinds == ["Gateway", "Ingress"]
                }
                #expect(conflicts, "the dup-tls conflict was not reported on both the Gateway and the Ingress")
                #expect(try await e2e.secretIsAbsent("shop", "dup-tls"))
                #expect(try await e2e.secretIsAbsent("shop", "any-tls"))
                #expect(await metrics.value("kube_lego_acme_requests_total", ["endpoint=\"newOrder\""]) == 2, "orders for shop-tls and admin-tls only")

                // Once the orders are done the challenge route and the grant are gone; the user's route still answers.
                let cleaned = try await e2e.eventually {
                    let routes = try await e2e.kube.list(HTTPRoute.self, namespace: "shop").items.map(\.name)
                    let grants = try await e2e.kube.list(ReferenceGrant.self, namespace: "kube-lego").items
                    return routes == ["site"] && grants.isEmpty
                }
                #expect(cleaned, "challenge HTTPRoute or ReferenceGrant left behind; log:\n\(controller.logTail())")
                // They existed while the orders ran: kube-lego logged removing them.
                let log = controller.logTail(1_000_000)
                #expect(log.contains("HTTPRoute shop/kube-lego-web") && log.contains("ReferenceGrant kube-lego/kube-lego-gateway"), "\(log)")
                try await e2e.cluster.dataPlane.waitUntilCurrent()
                #expect(try await e2e.cluster.dataPlane.get(host: "shop.example.com", path: "/catalogue").body.contains("site-app"))

                // status and plan show the Gateway's entries beside the Ingress's, decided as the controller decides.
                let inspection = StatusPlanEndToEndTests()
                let status = try await inspection.run(e2e, ["status", "-o", "json", "--fail-on", "never"])
                var states: [String: String] = [:]
                for row in try JSONValue(parsing: Array(status.output.utf8))["certificates"]?.arrayValue ?? [] {
                    let object = row["gateway"]?.stringValue.map { "gateway/\($0)" } ?? row["ingress"]?.stringValue ?? "?"
                    states["\(object)/\(row["secret"]?.stringValue ?? "?")"] = row["state"]?.stringValue
                }
                #expect(states == ["gateway/web/shop-tls": "Valid", "gateway/web/admin-tls": "Valid", "gateway/web/dup-tls": "Refused",
                                   "dup/dup-tls": "Refused"], "\(status.output)")
                let plan = try await inspection.run(e2e, ["plan"])
                #expect(plan.output.contains("= gateway/shop/web spec.listeners[https-shop,https-www] Secret shop-tls"), "\(plan.output)")

                // Unannotated: the Gateway is no longer served (its per-Secret series go) and its Secrets stay.
                #expect(try await metrics.waitFor("kube_lego_certificate_ready", ["secret=\"shop-tls\""]) { $0 > 0 })
                var gateway = try await e2e.kube.get(Gateway.self, namespace: "shop", name: "web")
                var metadata = gateway.metadata
                metadata.annotations["kubernetes.io/tls-acme"] = nil
                gateway.metadata = metadata
                _ = try await e2e.kube.replace(gateway)
                let forgotten = try await metrics.waitFor("kube_lego_certificate_ready", ["secret=\"shop-tls\""]) { $0 == 0 }
                #expect(forgotten, "the unannotated Gateway is still served; log:\n\(controller.logTail())")
                #expect(try await !e2e.secretIsAbsent("shop", "shop-tls"))
                #expect(try await !e2e.secretIsAbsent("shop", "admin-tls"))
                #expect(controller.isRunning)
                await controller.stop()
            }
        }
    }
}
