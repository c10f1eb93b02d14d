import Foundation
import KubeLegoApp
import KubeLegoCore
import KubeLegoKube
import KubeLegoProviderTestKit
import KubeLegoSandbox
import Logging
import Testing
import TraefikProvider

/// The Traefik provider through kube-lego's conformance kit. No Traefik runs here: the sandbox's nginx data
/// plane stands in for it, told to serve the class `traefik`, which is enough to prove that the objects the
/// provider writes route `/.well-known/acme-challenge/` of a user's host to the responder and go away again.
@Suite("Traefik provider", .serialized, .timeLimit(.minutes(5)))
struct TraefikConformanceTests {
    @Test("passes every conformance check", arguments: [false, true])
    func conformance(classFromAnnotation: Bool) async throws {
        try await withTraefikStandIn { sandbox, endpoints, plane in
            let kit = ProviderConformance(
                sandbox: sandbox, endpoints: endpoints,
                dataPlane: { host, path in try await plane.get(host: host, path: path) },
                makeProvider: { context in TraefikProvider(context: context, settings: try TraefikSettings(context.settings)) },
                ingressClass: "traefik", classFromAnnotation: classFromAnnotation,
                environment: ["LEGO_DEFAULT_INGRESS_CLASS": "traefik", "LEGO_TRAEFIK_ROUTER_PRIORITY": "4242"],
                unmanagedObjects: { namespace, _ in Self.plantedObjects(namespace) },
                maximumWait: .seconds(30))
            let failures = try await kit.run()
            #expect(failures.isEmpty, "\(failures)")
        }
    }

    @Test("the challenge Ingress carries the configured router priority and entry points")
    func routerAnnotations() async throws {
        try await withTraefikStandIn { sandbox, _, _ in
            let kube = try KubeClient(settings: ConnectionSettings(server: sandbox.baseURL), logger: Logger(label: "traefik-test"))
            let environment = ["LEGO_EMAIL": "a@example.com", "LEGO_POD_IP": "127.0.0.1", "LEGO_NAMESPACE": "kube-lego",
                               "LEGO_DEFAULT_INGRESS_CLASS": "traefik", "LEGO_TRAEFIK_ROUTER_PRIORITY": "777",
                               "LEGO_TRAEFIK_ENTRYPOINTS": "web"]
            let configuration = try Configuration.parse(environment: environment, providers: ["traefik"]).configuration
            let context = PluginContext(kube: kube, configuration: configuration, settings: SettingValues(environment: environment),
                                        events: NoEvents(), logger: Logger(label: "traefik-test"))
            let provider = try TraefikProvider.registration.make(context)
            let shop = ObjectReference(namespace: "default", name: "shop")
            try await provider.expose(ChallengeRoutes(ingress: shop, ingressClass: "traefik", classFromAnnotation: false, hosts: ["shop.example.com"]))
            let ingress = try await kube.get(Ingress.self, namespace: "kube-lego", name: "kube-lego-traefik")
            #expect(ingress.metadata.annotations["traefik.ingress.kubernetes.io/router.priority"] == "777")
            #expect(ingress.metadata.annotations["traefik.ingress.kubernetes.io/router.entrypoints"] == "web")
            #expect(ingress.ingressClassName == "traefik")
            try await provider.withdraw(ingress: shop)
            await #expect(throws: KubeError.self) { try await kube.get(Ingress.self, namespace: "kube-lego", name: "kube-lego-traefik") }
            await kube.shutdown()
        }
    }

    @Test("the binary's settings include LEGO_TRAEFIK_*, and a bad priority is an invalid setting naming it")
    func settings() throws {
        var plugins = Plugins.stock
        plugins.register(TraefikProvider.registration)
        let variables = KubeLego.settings(plugins).map(\.variable)
        #expect(variables.contains("LEGO_TRAEFIK_ROUTER_PRIORITY") && variables.contains("LEGO_EMAIL"))
        let parsed = try Configuration.parse(environment: ["LEGO_EMAIL": "a@example.com", "LEGO_POD_IP": "10.0.0.1"],
                                             providers: plugins.providers.names)
        #expect(parsed.configuration.supportedProviders.contains("traefik"))
        let error = #expect(throws: CoreError.self) {
            try TraefikSettings(SettingValues(environment: ["LEGO_TRAEFIK_ROUTER_PRIORITY": "high"]))
        }
        #expect(error?.code == .invalidSetting && error?.description.contains("LEGO_TRAEFIK_ROUTER_PRIORITY") == true)
    }

    /// Objects with the provider's names and no managed marker, which it must leave alone.
    static func plantedObjects(_ namespace: String) -> [JSONObject] {
        [
            ["apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
             "metadata": ["name": "kube-lego-traefik", "namespace": .string(namespace)],
             "spec": ["ingressClassName": "traefik", "rules": [["host": "planted.example.com"]]]],
            ["apiVersion": "v1", "kind": "Service",
             "metadata": ["name": "kube-lego-traefik", "namespace": .string(namespace)],
             "spec": ["selector": ["app": "someone-else"], "ports": [["port": 80, "targetPort": 80]]]],
        ]
    }
}

/// Events dropped (the annotation test needs none).
struct NoEvents: EventSink {
    func emit(_ event: ObjectEvent) async {}
}

/// A sandbox API server, its endpoints controller and an nginx data plane serving class `traefik`.
func withTraefikStandIn(
    _ body: (SandboxAPIServer, SandboxEndpointsController, NginxDataPlane) async throws -> Void
) async throws {
    let logger = Logger(label: "traefik-test.sandbox")
    let sandbox = try await SandboxAPIServer.start(SandboxOptions(initialNamespaces: ["default", "kube-lego"], logger: logger))
    let endpoints = try await SandboxEndpointsController.start(on: sandbox)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("traefik-standin-\(UUID().uuidString)")
    var plane: NginxDataPlane?
    let result: Result<Void, any Error>
    do {
        let started = try await NginxDataPlane.start(
            on: sandbox, options: NginxDataPlaneOptions(workDirectory: directory.path, classes: ["traefik"], servesIngressesWithoutClass: false),
            endpoints: endpoints)
        plane = started
        try await body(sandbox, endpoints, started)
        result = .success(())
    } catch {
        result = .failure(error)
    }
    await plane?.stop()
    await endpoints.stop()
    try await sandbox.stop()
    try? FileManager.default.removeItem(at: directory)
    try result.get()
}
