import NIOCore
import NIOHTTP1
import Synchronization

/// Answering one client request: route by Host and path, then proxy to a healthy endpoint.
extension GCELoadBalancer {
    /// What the load balancer sends back.
    struct Reply: Sendable {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders
        var body: ByteBuffer
    }

    /// Routes `head` (with `body`) and produces the reply: 404 from the default backend for unknown hosts and
    /// unmatched paths, 502 while the backend has no healthy endpoint, else the endpoint's answer.
    func respond(to head: HTTPRequestHead, body: ByteBuffer?, on loop: any EventLoop) -> EventLoopFuture<Reply> {
        let host = Self.hostName(head.headers.first(name: "Host") ?? "")
        let path = String(head.uri.prefix { $0 != "?" })
        let route = state.withLock { state -> (GCEBackendReference?, Bool) in
            guard let map = state.urlMap(host: host) else { return (nil, false) }
            guard let backend = map.backend(host: host, path: path) else { return (nil, true) }
            state.requests[backend.description, default: 0] += 1
            return (backend, true)
        }
        guard let backend = route.0 else {
            return loop.makeSucceededFuture(Self.plain(.notFound, "default backend - 404"))
        }
        guard let endpoint = resolve(backend) else {
            return loop.makeSucceededFuture(Self.plain(.badGateway, "no endpoints for backend \(backend)"))
        }
        let healthy = state.withLock { $0.health["\(endpoint.host):\(endpoint.port)"]?.healthy ?? false }
        guard healthy else {
            return loop.makeSucceededFuture(Self.plain(.badGateway, "backend \(backend) has not passed its health checks"))
        }
        var upstream = head
        upstream.headers.replaceOrAdd(name: "Via", value: "1.1 google")
        return GCEUpstreamExchange.send(
            on: loop, host: endpoint.host, port: endpoint.port, head: upstream, body: body,
            timeout: TimeAmount(options.upstreamTimeout)
        ).map { response in
            var headers = response.head.headers
            for name in ["Connection", "Transfer-Encoding", "Content-Length", "Keep-Alive"] { headers.remove(name: name) }
            return Reply(status: response.head.status, headers: headers, body: response.body)
        }.recover { error in
            Self.plain(.badGateway, "backend \(backend) failed: \(error)")
        }
    }

    /// The Host header without a port, lowercased.
    static func hostName(_ header: String) -> String {
        if header.hasPrefix("[") { return String(header.prefix { $0 != "]" }.dropFirst()).lowercased() }
        return String(header.prefix { $0 != ":" }).lowercased()
    }

    private static func plain(_ status: HTTPResponseStatus, _ text: String) -> Reply {
        Reply(status: status, headers: ["Content-Type": "text/plain"], body: ByteBuffer(string: text + "\n"))
    }
}
