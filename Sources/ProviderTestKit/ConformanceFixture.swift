import KubeLegoChallengeSolvers
import KubeLegoCore
import KubeLegoKube
import KubeLegoSandbox
import Logging

/// What one check works with: its namespace, host, token, configuration, user Ingress and a provider.
struct ConformanceFixture: Sendable {
    let namespace: String
    let host: String
    let token: String
    let keyAuthorization: String
    let configuration: Configuration
    let context: PluginContext
    let events: RecordingEventSink
    let provider: any IngressProvider
    let routes: ChallengeRoutes
    /// How long a check waits for something to stop or go away (capped by the kit's `maximumWait`).
    let wait: Duration
    /// How long a check waits for a route to start serving: always the provider's full `propagationTimeout`,
    /// as the wait ends once it serves and a short cap only makes a loaded machine fail the check.
    let servingWait: Duration

    /// The challenge URL path of the fixture's token.
    var challengePath: String { "/.well-known/acme-challenge/\(token)" }

    static func make(
        _ kit: ProviderConformance, kube: KubeClient, responder: HTTP01Responder, port: Int, index: Int, check: ConformanceCheck
    ) async throws -> ConformanceFixture {
        let suffix = randomLetters(6)
        let namespace = "conformance-\(index)-\(suffix)"
        let host = "\(check.rawValue.lowercased())-\(suffix).conformance.test"
        try kit.sandbox.create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]])
        var environment = kit.environment
        environment["LEGO_EMAIL"] = environment["LEGO_EMAIL"] ?? "conformance@example.com"
        environment["LEGO_POD_IP"] = "127.0.0.1"
        environment["LEGO_PORT"] = String(port)
        environment["LEGO_NAMESPACE"] = namespace
        let configuration = try Configuration.parse(environment: environment, providers: [kit.ingressClass.lowercased()]).configuration
        await kit.endpoints?.add(SandboxPod(name: "kube-lego", namespace: namespace,
                                      labels: ["app": configuration.serviceSelector], port: port))
        switch kit.source {
        case .ingress:
            try kit.sandbox.create(userIngress(namespace: namespace, host: host, kit: kit))
        case .gateway:
            try kit.sandbox.create(userGateway(namespace: namespace, host: host, kit: kit))
            try kit.sandbox.create(userRoute(namespace: namespace, host: host))
        }
        let events = RecordingEventSink()
        let context = PluginContext(
            kube: kube, configuration: configuration, settings: SettingValues(environment: environment), events: events, logger: kit.logger)
        let provider = try kit.makeProvider(context)
        let token = randomLetters(24)
        let keyAuthorization = "\(token).\(randomLetters(43))"
        responder.tokens.register(host: host, token: token, keyAuthorization: keyAuthorization)
        let routes = ChallengeRoutes(ingress: ObjectReference(namespace: namespace, name: "app"),
                                     ingressClass: kit.ingressClass.lowercased(), classFromAnnotation: kit.classFromAnnotation,
                                     hosts: [host], kind: kit.source)
        let wait = kit.maximumWait.map { min($0, provider.propagationTimeout) } ?? provider.propagationTimeout
        return ConformanceFixture(namespace: namespace, host: host, token: token, keyAuthorization: keyAuthorization,
                                  configuration: configuration, context: context, events: events, provider: provider,
                                  routes: routes, wait: wait, servingWait: provider.propagationTimeout)
    }

    /// The user's Ingress `app`: `/` of the host to Service `app`:80, a TLS entry for the host, and fields no
    /// model knows (kept verbatim by a conforming provider).
    static func userIngress(namespace: String, host: String, kit: ProviderConformance) -> JSONObject {
        var annotations: JSONObject = ["example.com/keep-me": "yes", "kubernetes.io/tls-acme": "true"]
        var spec: JSONObject = [:]
        if kit.classFromAnnotation {
            annotations["kubernetes.io/ingress.class"] = .string(kit.ingressClass)
        } else {
            spec["ingressClassName"] = .string(kit.ingressClass)
        }
        spec["futureField"] = ["nested": [1, "two", ["three": true]]]
        spec["rules"] = [[
            "host": .string(host),
            "http": ["paths": [["path": "/", "pathType": .string(kit.userPathType),
                                "backend": ["service": ["name": "app", "port": ["number": 80]]]]]],
        ]]
        spec["tls"] = [["hosts": [.string(host)], "secretName": "app-tls"]]
        return [
            "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": ["name": "app", "namespace": .string(namespace), "labels": ["app": "conformance"],
                         "annotations": .object(annotations)],
            "spec": .object(spec),
            "futureTopLevel": ["x": 1],
        ]
    }

    /// The user's Gateway `app` of class `ingressClass`: an HTTP listener, an HTTPS listener for the host with
    /// Secret `app-tls`, and fields no model knows.
    static func userGateway(namespace: String, host: String, kit: ProviderConformance) -> JSONObject {
        [
            "apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
            "metadata": ["name": "app", "namespace": .string(namespace), "labels": ["app": "conformance"],
                         "annotations": ["example.com/keep-me": "yes", "kubernetes.io/tls-acme": "true"]],
            "spec": [
                "gatewayClassName": .string(kit.ingressClass),
                "listeners": [
                    ["name": "http", "protocol": "HTTP", "port": 80],
                    ["name": "https", "protocol": "HTTPS", "port": 443, "hostname": .string(host),
                     "tls": ["certificateRefs": [["name": "app-tls"]]]],
                ],
                "futureField": ["nested": [1, "two"]],
            ],
        ]
    }

    /// The user's HTTPRoute `app`: `/` of the host to Service `app`:80 through the Gateway's HTTP listener.
    static func userRoute(namespace: String, host: String) -> JSONObject {
        [
            "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
            "metadata": ["name": "app", "namespace": .string(namespace)],
            "spec": [
                "parentRefs": [["name": "app", "sectionName": "http"]],
                "hostnames": [.string(host)],
                "rules": [["matches": [["path": ["type": "PathPrefix", "value": "/"]]],
                           "backendRefs": [["name": "app", "port": 80]]]],
            ],
        ]
    }

    static func randomLetters(_ count: Int) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return String((0..<count).map { _ in letters.randomElement() ?? "x" })
    }
}
