import Foundation
import KubeLegoChallengeSolvers
import KubeLegoKube
import KubeLegoSandbox
import KubeLegoTLS
import Testing

@Suite("End to end: GCE provider through the emulated L7 load balancer", .serialized, .timeLimit(.minutes(5)))
struct GCEEndToEndTests {
    static let app = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: store}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: app, namespace: store}
        spec:
          type: NodePort
          selector: {app: store}
          ports: [{port: 80, targetPort: 8080}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: store
          namespace: store
          annotations:
            kubernetes.io/tls-acme: "true"
            kubernetes.io/ingress.class: gce
            team.example/owner: payments
        spec:
          tls:
          - hosts: [shop.gce.example, www.gce.example]
            secretName: store-tls
          rules:
          - host: shop.gce.example
            http:
              paths:
              - path: /*
                pathType: ImplementationSpecific
                backend:
                  service: {name: app, port: {number: 80}}
          - host: www.gce.example
            http:
              paths:
              - path: /*
                pathType: ImplementationSpecific
                backend:
                  service: {name: app, port: {number: 80}}
          futureField: {kept: true}
        """

    /// Runs `body` with a GCE-enabled cluster, the store app served by a real HTTP server behind Service app.
    func withStore(_ body: (EndToEnd, SandboxCluster) async throws -> Void) async throws {
        var options = SandboxClusterOptions()
        options.gce = true
        options.manifests = [Self.app]
        let app = HTTP01Responder(host: "127.0.0.1", port: 0, version: "store-app", logger: quiet)
        try await app.serving { address in
            try await EndToEnd.run(options) { e2e in
                await e2e.cluster.endpoints.add(SandboxPod(name: "store", namespace: "store", labels: ["app": "store"], port: address.port))
                try await e2e.cluster.routeToGCE("shop.gce.example")
                try await e2e.cluster.routeToGCE("www.gce.example")
                try await body(e2e, e2e.cluster)
            }
        }
    }

    func spec(_ e2e: EndToEnd) async throws -> String {
        try await e2e.kube.get(Ingress.self, namespace: "store", name: "store").raw["spec"]?.jsonText ?? ""
    }

    @Test("issued through the load balancer after its URL-map delay, no failed validation, user's path and spec intact")
    func issuesThroughTheLoadBalancer() async throws {
        try await withStore { e2e, cluster in
            let original = try await spec(e2e)
            let gce = try #require(cluster.gce)
            let controller = try e2e.startController()
            let issued = try #require(try await e2e.waitForCertificate("store", "store-tls", timeout: .seconds(120)), "\(controller.logTail())")
            #expect(Set(issued.chain.leaf.dnsNames) == ["shop.gce.example", "www.gce.example"])
            #expect(try await e2e.verifies(issued.chain))
            let log = controller.logTail(1_000_000)
            #expect(log.components(separatedBy: "ordering certificate").count - 1 == 1, "one order, first time right")
            #expect(try await e2e.events("store", reason: "ValidationFailed").isEmpty, "the CA saw no failed validation")
            #expect(try await e2e.events("store", reason: "WaitingForRoute").first?.message?.contains("15m") == true,
                    "a slow load balancer is announced on the Ingress")
            // Paths are withdrawn after issuance (LEGO_GCE_KEEP_CHALLENGE_PATHS=false): the spec is the user's again.
            let deadline = ContinuousClock.now + .seconds(10)
            while try await spec(e2e) != original && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(200)) }
            #expect(try await spec(e2e) == original)
            let ingress = try await e2e.kube.get(Ingress.self, namespace: "store", name: "store")
            #expect(ingress.metadata.annotations["team.example/owner"] == "payments")
            try await Task.sleep(for: .seconds(4))
            let answer = try await gce.get(host: "shop.gce.example", path: "/products")
            #expect(answer.body.contains("store-app"), "the user's /* still reaches the app: \(answer)")
            await controller.stop()
        }
    }

    @Test("kept challenge paths: a pod-IP change is followed; removing the annotation restores the spec exactly")
    func keptPathsPodIPAndRemoval() async throws {
        try await withStore { e2e, _ in
            let original = try await spec(e2e)
            let keep = ["LEGO_GCE_KEEP_CHALLENGE_PATHS": "true"]
            let first = try e2e.startController(keep)
            _ = try #require(try await e2e.waitForCertificate("store", "store-tls", timeout: .seconds(120)), "\(first.logTail())")
            #expect(try await spec(e2e).contains("/.well-known/acme-challenge/*"), "paths kept between renewals")
            await first.stop()

            let second = try e2e.startController(keep.merging(["LEGO_POD_IP": "127.0.0.3"]) { $1 })
            var addresses: [String] = []
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                let endpoints = try? await e2e.kube.get(Endpoints.self, namespace: "store", name: "kube-lego-gce")
                addresses = endpoints?.raw["subsets"]?.arrayValue?.flatMap { $0["addresses"]?.arrayValue ?? [] }.compactMap { $0["ip"]?.stringValue } ?? []
                if addresses == ["127.0.0.3"] { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(addresses == ["127.0.0.3"], "Endpoints follow the new pod IP; log:\n\(second.logTail())")

            _ = try await e2e.kube.mergePatch(Ingress.self, namespace: "store", name: "store",
                                             patch: ["metadata": ["annotations": ["kubernetes.io/tls-acme": .null]]])
            let restoreBy = ContinuousClock.now + .seconds(20)
            while try await spec(e2e) != original && ContinuousClock.now < restoreBy { try await Task.sleep(for: .milliseconds(200)) }
            #expect(try await spec(e2e) == original, "the user's spec exactly as written; log:\n\(second.logTail())")
            await second.stop()
        }
    }

    @Test("a mixed cluster issues nginx-class and gce-class certificates without either provider touching the other's objects")
    func mixedCluster() async throws {
        try await withStore { e2e, _ in
            try e2e.apply("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: blog
                  namespace: store
                  annotations: {kubernetes.io/tls-acme: "true"}
                spec:
                  ingressClassName: nginx
                  tls:
                  - hosts: [blog.nginx.example]
                    secretName: blog-tls
                  rules:
                  - host: blog.nginx.example
                    http:
                      paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service: {name: app, port: {number: 80}}
                """)
            let blogBefore = try await e2e.kube.get(Ingress.self, namespace: "store", name: "blog").raw["spec"]
            let controller = try e2e.startController()
            #expect(try await e2e.waitForCertificate("store", "store-tls", timeout: .seconds(120)) != nil, "\(controller.logTail())")
            #expect(try await e2e.waitForCertificate("store", "blog-tls", timeout: .seconds(60)) != nil, "\(controller.logTail())")
            #expect(try await e2e.kube.get(Ingress.self, namespace: "store", name: "blog").raw["spec"] == blogBefore,
                    "the GCE provider never edits an nginx-class Ingress")
            await controller.stop()
        }
    }
}
