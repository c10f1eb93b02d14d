import KubeLegoCore
import KubeLegoGateway
import KubeLegoKube
import KubeLegoProviderTestKit
import KubeLegoSandbox
import Testing

/// The provider conformance kit for the Gateway API provider, through the sandbox's nginx data plane routing
/// HTTPRoutes attached to Gateways of class `sandbox`.
@Suite("Gateway provider end to end")
struct GatewayConformanceTests {
    static func unmanagedObjects(namespace: String, configuration: Configuration) -> [JSONObject] {
        [
            [
                "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
                "metadata": ["name": "kube-lego-app", "namespace": .string(namespace)],
                "spec": ["parentRefs": [["name": "someone-else"]], "hostnames": ["planted.example.com"]],
            ],
            selectorService(namespace, GatewaySettings().serviceName, selector: "someone-else", port: 80, targetPort: 80),
        ]
    }

    @Test("passes every conformance check")
    func conformance() async throws {
        try await withEnvironment(nginx: true) { env in
            let plane = try #require(env.dataPlane)
            var kit = ProviderConformance(
                sandbox: env.sandbox, endpoints: env.endpoints,
                dataPlane: { host, path in try await plane.get(host: host, path: path) },
                makeProvider: { context in GatewayProvider(context: context, settings: GatewaySettings()) },
                ingressClass: "sandbox",
                unmanagedObjects: { namespace, configuration in Self.unmanagedObjects(namespace: namespace, configuration: configuration) },
                maximumWait: .seconds(15))
            kit.source = .gateway
            let failures = try await kit.run()
            #expect(failures.isEmpty, "\(failures)")
        }
    }
}
