import KubeLegoChallengeSolvers
import KubeLegoHTTP
import KubeLegoSandbox
import Logging

/// Runs an `HTTP01Responder` on 127.0.0.1 with a free port for the duration of `body`, then stops it.
func withResponder<T>(
    version: String, instanceID: String = InstanceID.random(), _ body: (HTTP01Responder, Int) async throws -> T
) async throws -> T {
    let responder = HTTP01Responder(host: "127.0.0.1", port: 0, version: version, instanceID: instanceID, logger: quietLogger)
    return try await responder.serving { address in try await body(responder, address.port) }
}

/// Starts the emulated GCE load balancer on `sandbox` for the duration of `body`, with a client to reach it.
func withLoadBalancer<T>(
    _ sandbox: SandboxAPIServer, urlMapDelay: Duration = .milliseconds(800),
    acceptedPathTypes: Set<String> = ["ImplementationSpecific"],
    _ body: (GCELoadBalancer, DataPlaneClient) async throws -> T
) async throws -> T {
    let options = GCELoadBalancerOptions(acceptedPathTypes: acceptedPathTypes, urlMapDelay: urlMapDelay, logger: quietLogger)
    let balancer = try await GCELoadBalancer.start(sandbox: sandbox, options: options)
    let client: HTTPClient
    do {
        client = try HTTPClient()
    } catch {
        try await balancer.stop()
        throw error
    }
    do {
        let result = try await body(balancer, DataPlaneClient(client: client, port: balancer.port))
        await client.shutdown()
        try await balancer.stop()
        return result
    } catch {
        await client.shutdown()
        try await balancer.stop()
        throw error
    }
}

/// Sends requests to the load balancer with a Host header, as the controller's self-check does with
/// LEGO_SELFCHECK_ADDRESS.
struct DataPlaneClient: Sendable {
    let client: HTTPClient
    let port: Int

    /// GET `path` for `host`; the status and body.
    func get(_ host: String, _ path: String) async throws -> (status: Int, body: String) {
        let response = try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(port)\(path)", headers: ["Host": host]))
        return (response.status, response.text)
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
