import NIOCore
import NIOHTTP1

/// Serves one client connection of the emulated GCE load balancer: gathers each request, lets the balancer
/// answer it and writes the reply (keep-alive honoured, bodies up to 1 MiB).
final class GCEProxyHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private static let maximumBody = 1 << 20
    private let balancer: GCELoadBalancer
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?

    init(balancer: GCELoadBalancer) { self.balancer = balancer }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = nil
        case .body(var part):
            guard (body?.readableBytes ?? 0) + part.readableBytes <= Self.maximumBody else {
                context.close(promise: nil)
                return
            }
            if body == nil { body = ByteBuffer() }
            body?.writeBuffer(&part)
        case .end:
            guard let head else { return }
            self.head = nil
            let keepAlive = head.isKeepAlive
            let version = head.version
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            balancer.respond(to: head, body: body, on: context.eventLoop).whenSuccess { reply in
                Self.write(reply, version: version, keepAlive: keepAlive, context: bound.value)
            }
            body = nil
        }
    }

    private static func write(_ reply: GCELoadBalancer.Reply, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = reply.headers
        headers.replaceOrAdd(name: "Content-Length", value: "\(reply.body.readableBytes)")
        headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(version: version, status: reply.status, headers: headers)
        context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(reply.body))), promise: nil)
        let done = context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)))
        if !keepAlive {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            done.whenComplete { _ in bound.value.close(promise: nil) }
        }
    }
}
