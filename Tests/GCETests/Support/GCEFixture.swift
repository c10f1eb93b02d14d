import KubeLegoCore
import KubeLegoGCE
import KubeLegoKube
import KubeLegoSandbox
import Logging

/// Records the Events a provider emits.
actor RecordingEvents: EventSink {
    private(set) var events: [ObjectEvent] = []

    func emit(_ event: ObjectEvent) { events.append(event) }
}

/// A sandbox with namespaces `shop` and `blog`, a client over real HTTP, and a way to make providers.
struct GCEFixture {
    let sandbox: SandboxAPIServer
    let kube: KubeClient
    let events = RecordingEvents()

    /// A provider as the controller would make it from these settings.
    func provider(podIP: String = "10.0.0.1", port: Int = 8080, keepPaths: Bool = false) throws -> GCEProvider {
        let environment = [
            "LEGO_EMAIL": "ops@example.com", "LEGO_POD_IP": podIP, "LEGO_PORT": "\(port)",
            "LEGO_GCE_KEEP_CHALLENGE_PATHS": "\(keepPaths)", "LEGO_GCE_PROPAGATION_TIMEOUT": "30s",
        ]
        let configuration = try Configuration.parse(environment: environment, providers: ["nginx", "gce"]).configuration
        var registry = ProviderRegistry()
        registry.register(GCEProvider.registration)
        let context = PluginContext(
            kube: kube, configuration: configuration, settings: SettingValues(environment: environment), events: events, logger: quietLogger)
        guard let provider = try registry.make(["gce"], context: context)["gce"] as? GCEProvider else {
            throw FixtureFailure(description: "the registry made no GCEProvider")
        }
        return provider
    }

    /// The stored object of `kind`, or nil.
    func stored(_ kind: String, _ namespace: String, _ name: String) -> JSONObject? {
        sandbox.object(kind: kind, namespace: namespace, name: name)
    }

    /// The stored Ingress.
    func ingress(_ namespace: String, _ name: String) throws -> Ingress {
        guard let raw = stored("Ingress", namespace, name) else { throw FixtureFailure(description: "no Ingress \(namespace)/\(name)") }
        return Ingress(raw: raw)
    }

    /// `metadata.resourceVersion` of a stored object.
    func resourceVersion(_ kind: String, _ namespace: String, _ name: String) -> String? {
        stored(kind, namespace, name)?["metadata"]?.objectValue?["resourceVersion"]?.stringValue
    }

    /// Creates an object from JSON text.
    @discardableResult
    func create(_ json: String) throws -> JSONObject {
        guard let object = try JSONValue(parsing: json).objectValue else { throw FixtureFailure(description: "not an object: \(json)") }
        return try sandbox.create(object)
    }
}

/// A test failure with a message.
struct FixtureFailure: Error, CustomStringConvertible {
    let description: String
}

let quietLogger = Logger(label: "gce-tests", factory: { _ in SwiftLogNoOpLogHandler() })

/// Runs `body` against a fresh sandbox and client, always shutting both down.
func withGCEFixture(_ body: (GCEFixture) async throws -> Void) async throws {
    var options = SandboxOptions()
    options.initialNamespaces = ["default", "shop", "blog"]
    options.logger = quietLogger
    let sandbox = try await SandboxAPIServer.start(options)
    let kube: KubeClient
    do {
        kube = try KubeClient(
            settings: ConnectionSettings(server: sandbox.baseURL), options: KubeClientOptions(version: "test", qps: 0, burst: 1),
            logger: quietLogger)
    } catch {
        try await sandbox.stop()
        throw error
    }
    do {
        try await body(GCEFixture(sandbox: sandbox, kube: kube))
    } catch {
        await kube.shutdown()
        try await sandbox.stop()
        throw error
    }
    await kube.shutdown()
    try await sandbox.stop()
}

/// A gce-class Ingress in `namespace` as JSON text: annotated for kube-lego, one `/*` rule per `appHosts` host
/// to Service `app` port 80, TLS for `tlsHosts`, and fields no model knows.
func userIngressJSON(
    _ name: String, namespace: String = "shop", appHosts: [String], tlsHosts: [String], annotated: Bool = true,
    pathType: String = "ImplementationSpecific"
) -> String {
    let rules = appHosts.map { host in
        #"{"host":"\#(host)","http":{"paths":[{"path":"/*","pathType":"\#(pathType)","backend":{"service":{"name":"app","port":{"number":80}}},"x-future":1}]},"x-rule-extra":"keep"}"#
    }.joined(separator: ",")
    let tls = tlsHosts.isEmpty ? "" : #","tls":[{"hosts":[\#(tlsHosts.map { "\"\($0)\"" }.joined(separator: ","))],"secretName":"\#(name)-tls"}]"#
    let annotation = annotated ? #""kubernetes.io/tls-acme":"true","# : ""
    return #"""
    {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"\#(name)","namespace":"\#(namespace)",
     "annotations":{\#(annotation)"kubernetes.io/ingress.class":"gce","user/note":"z"},"labels":{"team":"web"}},
     "spec":{"x-unknown-spec-field":{"b":2,"a":1},"rules":[\#(rules)]\#(tls)},"x-top":[3,2,1]}
    """#
}

/// A NodePort Service `app` in `namespace` (port 80 to `targetPort`) with hand-written Endpoints at 127.0.0.1.
func createApp(_ fixture: GCEFixture, namespace: String = "shop", targetPort: Int) throws {
    try fixture.create(#"""
    {"apiVersion":"v1","kind":"Service","metadata":{"name":"app","namespace":"\#(namespace)"},
     "spec":{"type":"NodePort","ports":[{"name":"http","port":80,"targetPort":\#(targetPort)}]}}
    """#)
    try fixture.create(#"""
    {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"app","namespace":"\#(namespace)"},
     "subsets":[{"addresses":[{"ip":"127.0.0.1"}],"ports":[{"name":"http","port":\#(targetPort)}]}]}
    """#)
}

/// A NodePort Service `app` in `namespace` selecting pods labelled `app=app` (the sandbox's endpoints
/// controller writes its Endpoints).
func createSelectorApp(_ fixture: GCEFixture, namespace: String = "shop") throws {
    try fixture.create(#"""
    {"apiVersion":"v1","kind":"Service","metadata":{"name":"app","namespace":"\#(namespace)"},
     "spec":{"type":"NodePort","selector":{"app":"app"},"ports":[{"name":"http","port":80}]}}
    """#)
}

/// Runs `body` with the sandbox's endpoints controller serving `pods`, always stopping it.
func withEndpointsController<T>(_ fixture: GCEFixture, pods: [SandboxPod], _ body: () async throws -> T) async throws -> T {
    let controller = try await SandboxEndpointsController.start(on: fixture.sandbox, pods: pods)
    do {
        let result = try await body()
        await controller.stop()
        return result
    } catch {
        await controller.stop()
        throw error
    }
}

/// The object without the fields the API server changes on every write.
func withoutServerFields(_ object: JSONObject) -> JSONObject {
    var object = object
    if var metadata = object["metadata"]?.objectValue {
        metadata["resourceVersion"] = nil
        metadata["generation"] = nil
        metadata["managedFields"] = nil
        object["metadata"] = .object(metadata)
    }
    return object
}

/// The serialized JSON of `object` without server fields and without `spec.rules`.
func everythingButRules(_ object: JSONObject) -> String {
    var object = withoutServerFields(object)
    if var spec = object["spec"]?.objectValue {
        spec["rules"] = .string("<rules>")
        object["spec"] = .object(spec)
    }
    return JSONValue.object(object).jsonText
}
