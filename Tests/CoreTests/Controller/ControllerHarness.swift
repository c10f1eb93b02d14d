import Foundation
import KubeLegoACME
import KubeLegoChallengeSolvers
import KubeLegoCore
import KubeLegoHTTP
import KubeLegoKube
import KubeLegoPebble
import KubeLegoSandbox
import KubeLegoTestKit
import Logging
import Prometheus
import Synchronization

/// A provider that routes nothing (the responder sits on Pebble's validation port) and records its calls.
final class RecordingProvider: IngressProvider {
    let name = "nginx"
    let propagationTimeout: Duration = .seconds(5)
    let calls = Mutex<[String]>([])

    func expose(_ routes: ChallengeRoutes) async throws {
        calls.withLock { $0.append("expose \(routes.ingress) \(routes.hosts.joined(separator: ","))") }
    }

    func withdraw(ingress: ObjectReference) async throws {
        calls.withLock { $0.append("withdraw \(ingress)") }
    }

    func reconcile(active: [ChallengeRoutes]) async throws {
        calls.withLock { $0.append("reconcile \(active.count)") }
    }

    var exposed: [String] { calls.withLock { $0.filter { $0.hasPrefix("expose") } } }
}

/// Sandbox API server + real Pebble validating against a real HTTP01Responder; makes controllers on them.
struct ControllerHarness {
    let server: SandboxAPIServer
    let kube: KubeClient
    let pebble: PebbleServer
    /// The ARI front in front of Pebble, when the harness runs with `ari: true`; the ACME client then talks to it.
    let front: ARIFront?
    let responder: HTTP01Responder
    let http: HTTPClient
    let acme: ACMEClient
    let provider = RecordingProvider()
    /// The registry the controllers' metrics go to (what `/metrics` would serve).
    let registry = PrometheusCollectorRegistry()
    /// The per-Secret series the controllers record (served beside `registry`).
    let certificates = CertificateSeriesTable()

    /// Runs `body` with a fresh sandbox, Pebble and responder, and with `ari` an `ARIFront` before Pebble;
    /// everything is stopped afterwards.
    static func run(
        pebbleOptions: (inout PebbleOptions) -> Void = { _ in }, ari: Bool = false, _ body: (ControllerHarness) async throws -> Void
    ) async throws {
        let responder = HTTP01Responder(host: "127.0.0.1", port: 0, version: "test", logger: quietLogger)
        try await responder.serving { address in
            var options = PebbleOptions(httpPort: address.port)
            pebbleOptions(&options)
            let pebble = try await PebbleServer.start(options: options)
            defer { pebble.stop() }
            var httpConfiguration = HTTPClientConfiguration()
            httpConfiguration.trust = .pem(pebble.listenerCAPEM, replacingSystem: true)
            httpConfiguration.useEnvironmentProxy = false
            let http = try HTTPClient(configuration: httpConfiguration)
            func start(_ front: ARIFront?) async throws {
                let acme = ACMEClient(directoryURL: front?.directoryURL ?? pebble.directoryURL, httpClient: http, logger: quietLogger)
                try await withSandbox { server, kube in
                    try await body(ControllerHarness(
                        server: server, kube: kube, pebble: pebble, front: front, responder: responder, http: http, acme: acme))
                }
            }
            if ari {
                try await ARIFront.with(
                    upstreamDirectoryURL: pebble.directoryURL, certificateFile: pebble.listenerCertificateFile,
                    keyFile: pebble.listenerKeyFile, trustPEM: pebble.listenerCAPEM
                ) { front in try await start(front) }
            } else {
                try await start(nil)
            }
            await http.shutdown()
        }
    }

    /// The ACME directory the controllers use: the ARI front's, or Pebble's.
    var directoryURL: String { front?.directoryURL ?? pebble.directoryURL }

    /// The configuration a deployment would have, pointed at this Pebble (through the ARI front, if any).
    func configuration(_ extra: [String: String] = [:]) throws -> Configuration {
        try testConfiguration(["LEGO_URL": directoryURL, "LEGO_KEY_TYPE": "ec256", "LEGO_SUPPORTED_INGRESS_PROVIDER": "nginx"].merging(extra) { $1 })
    }

    /// The metrics as `/metrics` would serve them now.
    var metrics: PrometheusText { PrometheusText(registry, certificates) }

    /// A controller environment on this harness: HTTP-01 (self-check off) through the recording provider (for
    /// Ingresses of class nginx and for Gateways), plus `methods`.
    func environment(_ configuration: Configuration, methods: [String: any ChallengeMethod] = [:]) -> ControllerEnvironment {
        let events = KubeEventRecorder(kube: kube, logger: quietLogger)
        let http01 = HTTP01Method(
            responder: responder, client: http, settings: HTTP01Settings(selfCheck: false), events: events, logger: quietLogger)
        return ControllerEnvironment(
            configuration: configuration, kube: kube, acme: acme, providers: ["nginx": provider, "gateway": provider],
            methods: methods.merging([HTTP01Method.name: http01]) { custom, _ in custom },
            events: events,
            accounts: AccountStore(kube: kube, acme: acme, configuration: configuration, logger: quietLogger),
            secrets: CertificateSecretWriter(kube: kube, configuration: configuration, logger: quietLogger),
            ledger: AttemptLedger(kube: kube, configuration: configuration, logger: quietLogger),
            metrics: ControllerMetrics(factory: PrometheusMetricsFactory(registry: registry), certificates: certificates),
            logger: quietLogger)
    }

    /// Runs a controller while `body` runs, then stops it.
    func withController(
        _ configuration: Configuration, methods: [String: any ChallengeMethod] = [:], _ body: () async throws -> Void
    ) async throws {
        let controller = Controller(environment: environment(configuration, methods: methods))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await controller.run() }
            defer { group.cancelAll() }
            try await body()
        }
    }

    /// Creates an Ingress from JSON text. One without `spec.rules` gets a rule per TLS host, as a real Ingress
    /// serving those hosts has (`LEGO_HOST_POLICY=routed` certifies only routed hosts); name `"rules"` (even
    /// empty) to control them.
    @discardableResult
    func createIngress(_ json: String) async throws -> Ingress {
        guard case .object(let raw) = try JSONValue(parsing: json) else { throw KubeError(.decoding, "not an object") }
        var ingress = Ingress(raw: raw)
        if ingress.raw["spec"]?["rules"] == nil {
            ingress.rules = ingress.tls.flatMap(\.hosts).map { IngressRule(raw: ["host": .string($0)]) }
        }
        return try await kube.create(ingress)
    }

    /// Waits until `condition` holds for the Secret (polling), or fails after `timeout`.
    func waitForSecret(
        _ namespace: String, _ name: String, timeout: Duration = .seconds(30), _ condition: (Secret) -> Bool = { _ in true }
    ) async throws -> Secret {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let secret = try? await kube.get(Secret.self, namespace: namespace, name: name), condition(secret) { return secret }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw KubeError(.notFound, "timed out waiting for Secret \(namespace)/\(name)")
    }

    /// Polls `condition` until it holds (true) or `timeout` passes (false): for waiting on a positive state that
    /// follows the one just observed (e.g. routes withdrawn after the last Secret was stored).
    func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    /// True when the Secret does not exist; any other API error is thrown (never taken for absence).
    func secretIsAbsent(_ namespace: String, _ name: String) async throws -> Bool {
        do {
            _ = try await kube.get(Secret.self, namespace: namespace, name: name)
            return false
        } catch where error.code == .notFound {
            return true
        }
    }

    /// Waits until Events with `reason` exist about every Ingress in `names`, or fails after `timeout`.
    func waitForEvents(_ namespace: String, reason: String, about names: Set<String>, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let events = try await kube.list(Event.self, namespace: namespace).items.filter { $0.reason == reason }
            let about = Set(events.compactMap { $0.involvedObject["name"]?.stringValue })
            if names.isSubset(of: about) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw KubeError(.notFound, "timed out waiting for Events \(reason) about \(names.sorted()) in \(namespace)")
    }

    /// Waits until an Event with `reason` exists about `ingress`, or fails after `timeout`.
    func waitForEvent(_ namespace: String, reason: String, timeout: Duration = .seconds(30)) async throws -> Event {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let events = try await kube.list(Event.self, namespace: namespace).items
            if let event = events.first(where: { $0.reason == reason }) { return event }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw KubeError(.notFound, "timed out waiting for an Event \(reason) in \(namespace)")
    }
}

extension PrometheusText {
    /// The text `registry` and `certificates` emit, as `/metrics` serves it.
    init(_ registry: PrometheusCollectorRegistry, _ certificates: CertificateSeriesTable) {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        self.init(String(decoding: buffer, as: UTF8.self) + certificates.prometheusText())
    }
}
