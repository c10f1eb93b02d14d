import Foundation
import KubeLegoCore
import KubeLegoKube
import KubeLegoSandbox
import KubeLegoTestKit
import Logging

/// A logger that drops everything (tests assert behaviour, not log lines).
let quietLogger = Logger(label: "core-tests", factory: { _ in SwiftLogNoOpLogHandler() })

/// Starts a sandbox API server, hands a client connected to it over real HTTP to `body`, and shuts both down.
func withSandbox(
    faults: SandboxFaults = SandboxFaults(), _ body: (SandboxAPIServer, KubeClient) async throws -> Void
) async throws {
    var options = SandboxOptions()
    options.logger = quietLogger
    options.faults = faults
    options.initialNamespaces = ["default", "kube-lego", "web"]
    let server = try await SandboxAPIServer.start(options)
    let client: KubeClient
    do {
        client = try KubeClient(
            settings: ConnectionSettings(server: server.baseURL), options: KubeClientOptions(version: "test", qps: 0, burst: 1),
            logger: quietLogger)
    } catch {
        try await server.stop()
        throw error
    }
    do {
        try await body(server, client)
    } catch {
        await client.shutdown()
        try await server.stop()
        throw error
    }
    await client.shutdown()
    try await server.stop()
}

/// A configuration as `kube-lego run` would parse it, with `LEGO_NAMESPACE=kube-lego` and `extra` laid over.
func testConfiguration(_ extra: [String: String] = [:]) throws -> Configuration {
    let base = [
        "LEGO_EMAIL": "Ops@Example.com", "LEGO_POD_IP": "10.0.0.7", "LEGO_NAMESPACE": "kube-lego",
        "LEGO_URL": "https://acme.test/directory",
    ]
    return try Configuration.parse(environment: base.merging(extra) { $1 }, providers: ["nginx", "gce"]).configuration
}

/// A throwaway CA (openssl CLI) issuing leaf certificates with SANs, shared by the tests of one suite.
struct LeafFactory {
    let ca: TestCA

    init() throws {
        ca = try TestCA.make(in: try makeTemporaryDirectory("core-secrets"))
    }

    /// A leaf for `names` with its key, both PEM.
    func leaf(_ names: [String]) throws -> (chain: String, key: String) {
        let issued = try ca.issueServer(names: names)
        return (issued.certificatePEM + ca.certificatePEM, issued.keyPEM)
    }
}

/// A Secret of `type` with the given data (as text), labels and annotations.
func makeSecret(
    _ name: String, namespace: String = "web", type: String = "kubernetes.io/tls", data: [String: String] = [:],
    labels: [String: String] = [:], annotations: [String: String] = [:]
) -> Secret {
    var secret = Secret(name: name, namespace: namespace)
    secret.type = type
    for (key, value) in data.sorted(by: { $0.key < $1.key }) { secret.data[key] = Array(value.utf8) }
    for (key, value) in labels.sorted(by: { $0.key < $1.key }) { secret.metadata.labels[key] = value }
    for (key, value) in annotations.sorted(by: { $0.key < $1.key }) { secret.metadata.annotations[key] = value }
    return secret
}

/// The text of a Secret's data key.
func text(_ secret: Secret, _ key: String) -> String? {
    secret.data[key].map { String(decoding: $0, as: UTF8.self) }
}

/// A clock tests move by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}
