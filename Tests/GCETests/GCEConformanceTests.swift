import KubeLegoCore
import KubeLegoGCE
import KubeLegoKube
import KubeLegoProviderTestKit
import KubeLegoSandbox
import Testing

/// The provider conformance kit (Plugins.md) against the GCE provider, through the emulated load balancer.
///
/// The kit's user Ingress routes `/` (pathType Prefix) to Service `app`:80 and creates no such Service. GKE
/// accepts Prefix paths (GKE 1.21+, enabled here with `acceptedPathTypes`) but refuses a whole Ingress whose
/// backend Service is missing or not NodePort, so the factory, which the kit calls once it has made the check's
/// namespace and Ingress, first adds the NodePort Service `app` a GCE user would have. It has no Endpoints, so it
/// never receives traffic; the kit's assertions are unchanged.
@Suite("GCE provider conformance")
struct GCEConformanceTests {
    static func unmanagedObjects(namespace: String, configuration: Configuration) -> [JSONObject] {
        let name = JSONValue.string(GCESettings().serviceName)
        return [
            ["apiVersion": "v1", "kind": "Service", "metadata": ["name": name, "namespace": .string(namespace)],
             "spec": ["type": "NodePort", "selector": ["app": "someone-else"], "ports": [["port": 80]]]],
            ["apiVersion": "v1", "kind": "Endpoints", "metadata": ["name": name, "namespace": .string(namespace)],
             "subsets": [["addresses": [["ip": "10.9.9.9"]], "ports": [["port": 80]]]]],
        ]
    }

    func kit(
        _ fixture: GCEFixture, _ balancer: GCELoadBalancer, keepPaths: Bool, classFromAnnotation: Bool, maximumWait: Duration = .seconds(15)
    ) -> ProviderConformance {
        let sandbox = fixture.sandbox
        return ProviderConformance(
            sandbox: sandbox, endpoints: nil,
            dataPlane: { host, path in try await balancer.get(host: host, path: path) },
            makeProvider: { context in
                let namespace = JSONValue.string(context.configuration.namespace)
                _ = try? sandbox.create([
                    "apiVersion": "v1", "kind": "Service", "metadata": ["name": "app", "namespace": namespace],
                    "spec": ["type": "NodePort", "ports": [["port": 80]]],
                ])
                return try GCEProvider(context: context)
            },
            ingressClass: "gce", classFromAnnotation: classFromAnnotation,
            environment: ["LEGO_GCE_KEEP_CHALLENGE_PATHS": "\(keepPaths)", "LEGO_GCE_PROPAGATION_TIMEOUT": "30s"],
            unmanagedObjects: { namespace, configuration in Self.unmanagedObjects(namespace: namespace, configuration: configuration) },
            maximumWait: maximumWait, logger: quietLogger)
    }

    @Test("passes every conformance check with the default settings", arguments: [true, false])
    func conformance(classFromAnnotation: Bool) async throws {
        try await withGCEFixture { fixture in
            try await withLoadBalancer(fixture.sandbox, acceptedPathTypes: ["ImplementationSpecific", "Prefix", "Exact"]) { balancer, _ in
                let failures = try await kit(fixture, balancer, keepPaths: false, classFromAnnotation: classFromAnnotation).run()
                #expect(failures.isEmpty, "\(failures)")
            }
        }
    }

    @Test("keeping challenge paths between renewals trades exactly checks 3-5 (route, objects and Ingress stay)")
    func keptPathsTradeOff() async throws {
        try await withGCEFixture { fixture in
            try await withLoadBalancer(fixture.sandbox, acceptedPathTypes: ["ImplementationSpecific", "Prefix", "Exact"]) { balancer, _ in
                let failures = try await kit(fixture, balancer, keepPaths: true, classFromAnnotation: true, maximumWait: .seconds(4)).run()
                #expect(Set(failures.map(\.check)) == [.withdrawRemovesRoute, .reconcileRemovesLeftovers, .userIngressPreserved], "\(failures)")
            }
        }
    }
}
