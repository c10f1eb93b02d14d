import Foundation
import KubeLegoHTTP
import KubeLegoKube
import Logging
import NIOCore
import NIOPosix
import Synchronization

extension NginxDataPlane {
    /// Queues one render pass on the data plane's thread (called under the store's lock: only hands off).
    func scheduleRender() {
        let schedule = state.withLock { state in
            guard !state.stopped, !state.renderPending else { return false }
            state.renderPending = true
            return true
        }
        if schedule { group.next().execute { [self] in _ = renderPass() } }
    }

    /// Renders the store; when the text changed, writes it and reloads nginx. Returns the generation that is
    /// current afterwards. Runs on the data plane's thread.
    func renderPass() -> Int {
        state.withLock { $0.renderPending = false }
        let ingresses = store.list(.ingress, namespace: nil).objects.map { Ingress(raw: $0.json) }
        let services = store.list(.service, namespace: nil).objects.map { Service(raw: $0.json) }
        let endpoints = store.list(.endpoints, namespace: nil).objects.map { Endpoints(raw: $0.json) }
        let gatewayAPI = NginxGatewayObjects(
            gateways: store.list(.gateway, namespace: nil).objects.map(\.json),
            httpRoutes: store.list(.httpRoute, namespace: nil).objects.map(\.json),
            referenceGrants: store.list(.referenceGrant, namespace: nil).objects.map(\.json),
            namespaces: store.list(.namespace, namespace: nil).objects.map(\.json))
        let body = renderer.render(ingresses: ingresses, services: services, endpoints: endpoints, gatewayAPI: gatewayAPI)
        writeGatewayStatus(gatewayAPI, services: services, endpoints: endpoints)
        let (changed, generation) = state.withLock { state in
            if state.lastBody == body { return (false, state.generation) }
            state.lastBody = body
            state.generation += 1
            return (true, state.generation)
        }
        guard changed else { return generation }
        let directory = URL(fileURLWithPath: workDirectory, isDirectory: true)
        do {
            try Self.writeAtomically(body, to: directory.appendingPathComponent("conf.d/ingresses.conf"))
            try Self.writeAtomically(Self.probeConfiguration(listen: renderer.listen, generation: generation),
                                     to: directory.appendingPathComponent("conf.d/probe.conf"))
            try nginx.reload()
            state.withLock { $0.reloads += 1 }
        } catch {
            state.withLock { $0.lastError = "\(error)" }
            logger.error("sandbox nginx: reload failed", metadata: ["nginx.directory": "\(workDirectory)", "error": "\(error)"])
        }
        return generation
    }

    /// Waits until nginx serves a configuration rendered from the store as it is now (or later).
    ///
    /// Lets the endpoints controller (when given at start) finish pending work, runs a render pass, then polls
    /// nginx's probe host until it reports that generation and no worker of an older configuration is left
    /// (after a reload, old workers keep accepting connections until they have shut down). Throws
    /// `SandboxError` (`.internalError`) with the tail of nginx's error log when that takes longer than `timeout`
    /// (for example because nginx rejected the configuration), or when the data plane was stopped.
    public func waitUntilCurrent(timeout: Duration = .seconds(10)) async throws {
        guard !state.withLock({ $0.stopped }) else {
            throw SandboxError(.internalError, "the nginx data plane on \(address) is stopped")
        }
        await endpoints?.waitUntilSynced()
        let wanted: Int
        do {
            wanted = try await group.next().submit { [self] in renderPass() }.get()
        } catch {
            throw SandboxError(.internalError, "the nginx data plane on \(address) is stopped")
        }
        let deadline = ContinuousClock.now + timeout
        var seen = "nothing"
        while ContinuousClock.now < deadline {
            if let answer = try? await get(host: Self.probeHost, path: "/"), answer.status == 200 {
                if let served = Int(answer.body), served >= wanted, nginx.childCount() <= 1 { return }
                seen = "generation \(answer.body)"
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        let detail = state.withLock { $0.lastError } ?? nginx.errorLogTail()
        throw SandboxError(.internalError,
            "nginx on \(address) did not serve configuration generation \(wanted) within \(timeout) (saw \(seen)): \(detail)")
    }

    /// Sends `GET path` to nginx with `Host: host` (and `headers`) on a fresh connection; returns the status and
    /// body text.
    public func get(host: String, path: String, headers: [String: String] = [:]) async throws -> (status: Int, body: String) {
        let extra = headers.filter { !["host", "connection"].contains($0.key.lowercased()) }.sorted { $0.key < $1.key }
        var request = HTTPRequest(url: "http://\(address)\(path)",
                                  headers: HTTPHeaders([("Host", host), ("Connection", "close")] + extra.map { ($0.key, $0.value) }))
        request.followRedirects = false
        let response = try await http.execute(request)
        return (response.status, response.text)
    }
}
