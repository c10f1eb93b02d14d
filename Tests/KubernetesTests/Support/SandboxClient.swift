import KubeLegoKube
import KubeLegoSandbox
import Logging

/// Starts a sandbox, hands a client connected to it over real HTTP to `body`, and always shuts both down.
func withSandboxClient(
    _ options: SandboxOptions = SandboxOptions(),
    clientOptions: KubeClientOptions = KubeClientOptions(version: "test", qps: 0, burst: 1),
    _ body: (SandboxAPIServer, KubeClient) async throws -> Void
) async throws {
    var options = options
    options.logger = Logger(label: "sandbox", factory: { _ in SwiftLogNoOpLogHandler() })
    let server = try await SandboxAPIServer.start(options)
    do {
        let client = try KubeClient(
            settings: ConnectionSettings(server: server.baseURL), options: clientOptions, logger: testLogger)
        do {
            try await body(server, client)
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
    } catch {
        try await server.stop()
        throw error
    }
    try await server.stop()
}

/// A logger that drops everything (tests assert behaviour, not log lines).
let testLogger = Logger(label: "kube-tests", factory: { _ in SwiftLogNoOpLogHandler() })

/// A ConfigMap in `namespace` with one data entry.
func configMap(_ name: String, namespace: String = "default", data: [String: String] = ["k": "v"], labels: [String: String] = [:]) -> ConfigMap {
    var map = ConfigMap(name: name, namespace: namespace)
    for (key, value) in data.sorted(by: { $0.key < $1.key }) { map.data[key] = value }
    for (key, value) in labels.sorted(by: { $0.key < $1.key }) { map.metadata.labels[key] = value }
    return map
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

extension KubeClientOptions {
    /// Test options without in-place retrying, for tests that assert how an error surfaces.
    static var noRetry: KubeClientOptions {
        var options = KubeClientOptions(version: "test", qps: 0, burst: 1)
        options.retry = .none
        return options
    }
}
