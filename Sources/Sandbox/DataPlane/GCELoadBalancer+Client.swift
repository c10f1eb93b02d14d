import NIOCore
import NIOHTTP1
import NIOPosix

/// Requests through the load balancer from inside the process, e.g. as the provider conformance kit's data plane.
extension GCELoadBalancer {
    /// Sends `GET path` with `Host: host` to the load balancer's listener; returns the status and body.
    public func get(host: String, path: String) async throws -> (status: Int, body: String) {
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
        head.headers.add(name: "Host", value: host)
        let response = try await GCEUpstreamExchange.send(
            on: group.next(), host: options.host, port: port, head: head, body: nil,
            timeout: TimeAmount(options.upstreamTimeout) + TimeAmount(options.upstreamTimeout)
        ).get()
        return (Int(response.head.status.code), String(buffer: response.body))
    }
}
