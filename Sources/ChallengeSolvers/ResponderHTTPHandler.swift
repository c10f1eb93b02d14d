import Logging
import NIOCore
import NIOHTTP1

/// Answers the requests of one connection with `ResponderRouter`'s replies, in order, behind NIO's HTTP/1.1
/// server handlers, at most `maxRequests` of them: the last carries `Connection: close`. On `StopEvent` it
/// closes the connection at once when no request is in hand, else right after answering it.
///
/// It does its own stopping rather than sending NIO's `ChannelShouldQuiesceEvent`: with a partial request head
/// buffered, quiescing closes the channel, the decoder then reports the truncated head, the protocol error
/// handler answers 400 into the already-quiesced pipelining handler, and that trips an assertion.
///
/// A classic channel handler rather than an `NIOAsyncChannel` loop: cancelling an async accept loop can drop
/// accepted-but-unserved channels, which traps in NIO (apple/swift-nio#2637); handlers have no such window.
final class ResponderHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let router: ResponderRouter
    private let isReady: @Sendable () -> Bool
    private let maxRequests: Int
    private let logger: Logger
    /// Sent down the pipeline when the responder stops.
    struct StopEvent: Sendable {}

    private var pending: HTTPRequestHead?
    private var closing = false
    private var stopping = false
    private var answered = 0

    init(router: ResponderRouter, isReady: @escaping @Sendable () -> Bool, maxRequests: Int = .max, logger: Logger) {
        self.router = router
        self.isReady = isReady
        self.maxRequests = max(maxRequests, 1)
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            let reply = reply(to: head)
            if reply.closeConnection {
                // A body was announced: answer now and close rather than read it.
                closing = true
                write(reply, for: head, keepAlive: false, context: context)
            } else {
                pending = head
            }
        case .body:
            break
        case .end:
            guard let head = pending else { return }
            pending = nil
            answered += 1
            let keepAlive = head.isKeepAlive && !stopping && answered < maxRequests
            closing = !keepAlive
            write(reply(to: head), for: head, keepAlive: keepAlive, context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is StopEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        stopping = true
        if pending == nil, !closing {
            closing = true
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("HTTP-01 responder connection failed", metadata: [
            "responder.peer": "\(context.remoteAddress?.description ?? "unknown")", "error": "\(error)",
        ])
        context.close(promise: nil)
    }

    private func reply(to head: HTTPRequestHead) -> ResponderReply {
        router.reply(
            method: head.method,
            uri: head.uri,
            hostHeader: head.headers.first(name: "host"),
            announcesBody: Self.announcesBody(head),
            ready: isReady()
        )
    }

    private func write(_ reply: ResponderReply, for request: HTTPRequestHead, keepAlive: Bool, context: ChannelHandlerContext) {
        let body = context.channel.allocator.buffer(string: reply.body)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain")
        if reply.noCache {
            headers.add(name: "Cache-Control", value: "no-cache, no-store, must-revalidate")
        }
        for (name, value) in reply.extraHeaders {
            headers.add(name: name, value: value)
        }
        headers.add(name: "Content-Length", value: "\(body.readableBytes)")
        if !keepAlive, request.version.minor >= 1 {
            headers.add(name: "Connection", value: "close")
        } else if keepAlive, request.version.minor == 0 {
            headers.add(name: "Connection", value: "keep-alive")
        }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: reply.status, headers: headers))), promise: nil)
        if request.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            written.whenComplete { _ in loopBound.value.close(promise: nil) }
        }
    }

    /// True when the request carries a body: a non-zero Content-Length or any Transfer-Encoding.
    static func announcesBody(_ head: HTTPRequestHead) -> Bool {
        if head.headers.contains(name: "transfer-encoding") { return true }
        return head.headers["content-length"].contains { String(Substring($0).trimmingASCIISpaces()) != "0" }
    }
}
