import Foundation
import KubeLegoHTTP
import KubeLegoKube
import KubeLegoPebble
import KubeLegoSandbox
import KubeLegoSpawn
import KubeLegoTLS
import Logging

/// The `kube-lego` binary SwiftPM built next to this test bundle (`swift build --build-tests` builds it).
let controllerExecutable: String = URL(fileURLWithPath: CommandLine.arguments[0])
    .deletingLastPathComponent().appendingPathComponent("kube-lego").path

/// A logger that drops everything.
let quiet = Logger(label: "e2e", factory: { _ in SwiftLogNoOpLogHandler() })

/// The repository's examples/ directory.
let examplesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")

/// A started cluster with a client to its API server; everything is stopped after `body`.
struct EndToEnd {
    let cluster: SandboxCluster
    let kube: KubeClient

    static func run(_ options: SandboxClusterOptions = .init(), _ body: (EndToEnd) async throws -> Void) async throws {
        let cluster = try await SandboxCluster.start(options, logger: quiet)
        let kube: KubeClient
        do {
            var settings = ConnectionSettings(server: cluster.api.baseURL)
            // With RBAC on, the test itself acts as a cluster administrator (as kubectl would).
            settings.bearerToken = options.authorization?.adminTokens.sorted().first.map { .literal($0) }
            kube = try KubeClient(settings: settings, logger: quiet)
        } catch {
            await cluster.stop()
            throw error
        }
        do {
            try await body(EndToEnd(cluster: cluster, kube: kube))
        } catch {
            await kube.shutdown()
            await cluster.stop()
            throw error
        }
        await kube.shutdown()
        await cluster.stop()
    }

    /// Loads a manifest text into the API server (as a person would with kubectl apply).
    func apply(_ manifest: String) throws {
        _ = try cluster.api.load(manifest: manifest)
    }

    /// Starts the controller binary.
    func startController(_ extra: [String: String] = [:]) throws -> ControllerProcess {
        try cluster.startController(executable: controllerExecutable, environment: extra)
    }

    /// The leaf and chain in a Secret, once it holds a certificate matching `condition`; nil after `timeout`.
    func waitForCertificate(
        _ namespace: String, _ name: String, timeout: Duration = .seconds(60),
        where condition: (Certificate) -> Bool = { _ in true }
    ) async throws -> (chain: CertificateChain, key: PrivateKey)? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let secret = try? await kube.get(Secret.self, namespace: namespace, name: name),
                let crt = secret.data["tls.crt"], let keyPEM = secret.data["tls.key"],
                let chain = try? CertificateChain(pem: String(decoding: crt, as: UTF8.self)),
                let key = try? PrivateKey(pem: String(decoding: keyPEM, as: UTF8.self)),
                condition(chain.leaf)
            {
                return (chain, key)
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        return nil
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

    /// Events about objects in `namespace` with `reason`.
    func events(_ namespace: String, reason: String) async throws -> [Event] {
        try await kube.list(Event.self, namespace: namespace).items.filter { $0.reason == reason }
    }

    /// Waits until at least one Event with `reason` exists in `namespace`.
    func waitForEvent(_ namespace: String, reason: String, timeout: Duration = .seconds(60)) async throws -> Event? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let event = try await events(namespace, reason: reason).first { return event }
            try await Task.sleep(for: .milliseconds(200))
        }
        return nil
    }

    /// `openssl verify` of `chain` against Pebble's root: true when it verifies.
    func verifies(_ chain: CertificateChain) async throws -> Bool {
        let directory = cluster.workDirectory.appendingPathComponent("verify-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let root = directory.appendingPathComponent("root.pem")
        let leaf = directory.appendingPathComponent("leaf.pem")
        let untrusted = directory.appendingPathComponent("untrusted.pem")
        try await cluster.pebble.rootPEM(0).write(to: root, atomically: true, encoding: .utf8)
        try chain.leaf.pem.write(to: leaf, atomically: true, encoding: .utf8)
        try chain.certificates.dropFirst().map(\.pem).joined().write(to: untrusted, atomically: true, encoding: .utf8)
        let process = SpawnedProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["verify", "-CAfile", root.path, "-untrusted", untrusted.path, leaf.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

/// A controller's Prometheus metrics, read from its metrics port over real HTTP.
struct ControllerMetricsProbe {
    let port: Int
    let http: HTTPClient

    /// A probe on a fresh free port; pass `environment` to `startController`.
    static func make() throws -> ControllerMetricsProbe {
        var configuration = HTTPClientConfiguration()
        configuration.useEnvironmentProxy = false
        return ControllerMetricsProbe(port: try LoopbackPorts.free(1)[0], http: try HTTPClient(configuration: configuration))
    }

    /// The variables that make the controller serve metrics on this probe's port.
    var environment: [String: String] { ["LEGO_METRICS_PORT": String(port)] }

    /// The samples of `/metrics` whose line starts with `name` and contains every `labels` fragment, summed;
    /// nil while the endpoint does not answer.
    func value(_ name: String, _ labels: [String] = []) async -> Double? {
        guard let response = try? await http.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/metrics")), response.status == 200 else {
            return nil
        }
        let lines = String(decoding: response.body, as: UTF8.self).split(separator: "\n")
            .filter { $0.hasPrefix(name) && labels.allSatisfy($0.contains) }
        return lines.compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
    }

    /// Waits until `condition` holds for the metric (the endpoint answering); false after `timeout`.
    func waitFor(
        _ name: String, _ labels: [String] = [], timeout: Duration = .seconds(60), _ condition: (Double) -> Bool = { $0 > 0 }
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let value = await value(name, labels), condition(value) { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }
}

extension EndToEnd {
    /// Polls `condition` until it holds (true) or `timeout` passes (false): for waiting on a positive state.
    func eventually(timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try await condition()
    }
}
