import Foundation
import KubeLegoKube
import KubeLegoSandbox
import Testing

/// The sandbox cluster as a Gateway API implementation: its GatewayClass, and Pebble reaching kube-lego's pod
/// through an HTTPRoute on a Gateway of that class.
@Suite("End to end: the sandbox cluster's Gateway API", .serialized, .timeLimit(.minutes(2)))
struct GatewayClusterTests {
    static let objects = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: web, namespace: default}
        spec:
          gatewayClassName: sandbox
          listeners: [{name: http, protocol: HTTP, port: 80}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: kube-lego-gateway, namespace: kube-lego}
        spec:
          selector: {app: kube-lego}
          ports: [{port: 8080}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: kube-lego-web, namespace: default}
        spec:
          parentRefs: [{name: web, sectionName: http}]
          hostnames: [gw.example.org]
          rules:
          - matches: [{path: {type: PathPrefix, value: /.well-known/acme-challenge/}}]
            backendRefs: [{name: kube-lego-gateway, namespace: kube-lego, port: 8080}]
        ---
        apiVersion: gateway.networking.k8s.io/v1beta1
        kind: ReferenceGrant
        metadata: {name: kube-lego-default, namespace: kube-lego}
        spec:
          from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}]
          to: [{group: "", kind: Service, name: kube-lego-gateway}]
        """

    @Test("the cluster creates and accepts GatewayClass sandbox, and routes an HTTPRoute to kube-lego's pod")
    func gatewayClassAndRoute() async throws {
        try await EndToEnd.run { e2e in
            let api = e2e.cluster.api
            let gatewayClass = try #require(api.object(kind: "GatewayClass", name: "sandbox"))
            #expect(gatewayClass["spec"]?["controllerName"] == .string(SandboxCluster.gatewayControllerName))
            try e2e.apply(Self.objects)
            try await e2e.cluster.dataPlane.waitUntilCurrent()
            let accepted = api.object(kind: "GatewayClass", name: "sandbox")?["status"]?["conditions"]?.arrayValue?.first
            #expect(accepted?["type"] == "Accepted" && accepted?["status"] == "True")
            let programmed = api.object(kind: "Gateway", namespace: "default", name: "web")?["status"]?["conditions"]?.arrayValue ?? []
            #expect(programmed.contains { $0["type"] == "Programmed" && $0["status"] == "True" })
            // Nothing listens on the responder port yet: the route reaches the pod's address, which refuses (502),
            // where an unrouted path gets nginx's 404.
            let challenge = try await e2e.cluster.dataPlane.get(host: "gw.example.org", path: "/.well-known/acme-challenge/t")
            #expect(challenge.status == 502, "\(challenge) \(e2e.cluster.dataPlane.renderedConfiguration)")
            #expect(try await e2e.cluster.dataPlane.get(host: "gw.example.org", path: "/").status == 404)
        }
    }
}
