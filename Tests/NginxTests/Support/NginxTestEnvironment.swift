import Foundation
import KubeLegoChallengeSolvers
import KubeLegoCore
import KubeLegoKube
import KubeLegoNginx
import KubeLegoProviderTestKit
import KubeLegoSandbox
import KubeLegoTestKit
import Logging

/// A sandbox API server (namespaces default and kube-lego), its endpoints controller, a client, and optionally
/// a real nginx data plane; `withEnvironment` tears it all down.
struct NginxTestEnvironment: Sendable {
    let sandbox: SandboxAPIServer
    let endpoints: SandboxEndpointsController
    let kube: KubeClient
    let dataPlane: NginxDataPlane?
    let events: RecordingEventSink

    /// A configuration for LEGO_NAMESPACE=kube-lego with `port` as LEGO_PORT, plus `extra` settings.
    func configuration(port: Int = 8080, _ extra: [String: String] = [:]) throws -> Configuration {
        var environment = ["LEGO_EMAIL": "test@example.com", "LEGO_POD_IP": "127.0.0.1", "LEGO_NAMESPACE": "kube-lego",
                           "LEGO_PORT": String(port)]
        environment.merge(extra) { _, new in new }
        return try Configuration.parse(environment: environment, providers: ["nginx", "gce"]).configuration
    }

    /// A provider over this environment.
    func provider(_ configuration: Configuration, settings: NginxSettings = NginxSettings()) -> NginxProvider {
        NginxProvider(
            context: PluginContext(kube: kube, configuration: configuration, settings: SettingValues(environment: [:]), events: events,
                                   logger: Logger(label: "test.nginx-provider")),
            settings: settings)
    }

    /// A stored object as a model, or nil.
    func get<Object: KubeResource>(_ type: Object.Type, _ namespace: String, _ name: String) -> Object? {
        sandbox.object(kind: Object.resourceKind.kind, namespace: namespace, name: name).map(Object.init(raw:))
    }
}

/// Runs `body` with a fresh environment (with nginx when `nginx`), then stops everything.
func withEnvironment<T>(nginx: Bool = false, _ body: (NginxTestEnvironment) async throws -> T) async throws -> T {
    let logger = Logger(label: "test.sandbox")
    let sandbox = try await SandboxAPIServer.start(SandboxOptions(initialNamespaces: ["default", "kube-lego"], logger: logger))
    let endpoints = try await SandboxEndpointsController.start(on: sandbox)
    let directory = try makeTemporaryDirectory("nginx-dataplane")
    var dataPlane: NginxDataPlane?
    let result: Result<T, any Error>
    do {
        if nginx {
            dataPlane = try await NginxDataPlane.start(
                on: sandbox, options: NginxDataPlaneOptions(workDirectory: directory.path), endpoints: endpoints)
        }
        let kube = try KubeClient(settings: ConnectionSettings(server: sandbox.baseURL), logger: logger)
        let environment = NginxTestEnvironment(sandbox: sandbox, endpoints: endpoints, kube: kube, dataPlane: dataPlane,
                                               events: RecordingEventSink())
        do {
            result = .success(try await body(environment))
        } catch {
            result = .failure(error)
        }
        await kube.shutdown()
    } catch {
        result = .failure(error)
    }
    await dataPlane?.stop()
    await endpoints.stop()
    try await sandbox.stop()
    try? FileManager.default.removeItem(at: directory)
    return try result.get()
}

/// Runs an `HTTP01Responder` on 127.0.0.1 (free port) during `body`; `version` shows in its 404 bodies.
func withResponder<T>(version: String = "responder", _ body: (HTTP01Responder, Int) async throws -> T) async throws -> T {
    let responder = HTTP01Responder(host: "127.0.0.1", port: 0, version: version, logger: Logger(label: "test.responder"))
    return try await responder.serving { address in try await body(responder, address.port) }
}

/// A user Ingress routing `paths` (path → Service name:port) of `host`, with a TLS entry for it.
func userIngress(
    _ namespace: String, _ name: String, host: String, paths: [(String, String, Int)] = [("/", "app", 80)],
    className: String? = "nginx", classAnnotation: String? = nil, pathType: String = "Prefix"
) -> JSONObject {
    var spec: JSONObject = [:]
    if let className { spec["ingressClassName"] = .string(className) }
    spec["rules"] = [[
        "host": .string(host),
        "http": ["paths": .array(paths.map { path, service, port in
            ["path": .string(path), "pathType": .string(pathType),
             "backend": ["service": ["name": .string(service), "port": ["number": .int(port)]]]]
        })],
    ]]
    spec["tls"] = [["hosts": [.string(host)], "secretName": .string("\(name)-tls")]]
    var metadata: JSONObject = ["name": .string(name), "namespace": .string(namespace)]
    if let classAnnotation { metadata["annotations"] = ["kubernetes.io/ingress.class": .string(classAnnotation)] }
    return ["apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": .object(metadata), "spec": .object(spec)]
}

/// A ClusterIP Service selecting `app=<selector>` on `port` → `targetPort`.
func selectorService(_ namespace: String, _ name: String, selector: String, port: Int, targetPort: Int, portName: String? = nil) -> JSONObject {
    var portEntry: JSONObject = ["port": .int(port), "targetPort": .int(targetPort)]
    if let portName { portEntry["name"] = .string(portName) }
    return ["apiVersion": "v1", "kind": "Service", "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "spec": ["selector": ["app": .string(selector)], "ports": [.object(portEntry)]]]
}

/// Routes for one Ingress.
func routes(_ namespace: String, _ name: String, _ hosts: [String], class ingressClass: String = "nginx", annotation: Bool = false) -> ChallengeRoutes {
    ChallengeRoutes(ingress: ObjectReference(namespace: namespace, name: name), ingressClass: ingressClass,
                    classFromAnnotation: annotation, hosts: hosts)
}
