import KubeLegoCore
import KubeLegoGateway
import KubeLegoKube
import KubeLegoProviderTestKit
import KubeLegoSandbox
import Logging
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

    @Test("listeners refusing the route are named in Warning Events; with none left, expose throws and writes no route")
    func refusingListeners() async throws {
        try await withEnvironment { env in
            try env.sandbox.create([
                "apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
                "metadata": ["name": "edge", "namespace": "default"],
                "spec": [
                    "gatewayClassName": "sandbox",
                    "listeners": [
                        ["name": "grpc-only", "protocol": "HTTP", "port": 80, "allowedRoutes": ["kinds": [["kind": "GRPCRoute"]]]],
                        ["name": "tls", "protocol": "HTTPS", "port": 443, "hostname": "a.example.com",
                         "tls": ["certificateRefs": [["name": "a-tls"]]]],
                    ],
                ],
            ])
            let context = PluginContext(
                kube: env.kube, configuration: try env.configuration(), settings: SettingValues(environment: [:]), events: env.events,
                logger: Logger(label: "test.gateway-provider"))
            let provider = GatewayProvider(context: context, settings: GatewaySettings())
            let routes = ChallengeRoutes(ingress: ObjectReference(namespace: "default", name: "edge"), ingressClass: "sandbox",
                                         classFromAnnotation: false, hosts: ["a.example.com"], kind: .gateway)
            await #expect(throws: GatewayProviderError.self) { try await provider.expose(routes) }
            let events = await env.events.events
            #expect(events.contains { $0.reason == "ListenerRefusesRoute" && $0.message.contains("grpc-only") && $0.kind == "Gateway" })
            #expect(events.contains { $0.reason == "NoHTTPListener" && $0.regarding.name == "edge" })
            #expect(env.sandbox.objects(kind: "HTTPRoute", namespace: "default").isEmpty)
            #expect(env.sandbox.objects(kind: "Service", namespace: "kube-lego").isEmpty, "the challenge Service does not outlive a failed expose")
        }
    }
}
