import KubeLegoKube
import NIOCore
import NIOHTTP1

/// One connection's HTTP/1.1 handler: collects a request, applies injected latency, asks the router and writes
/// the answer, or streams a watch (chunked) until it times out, is cut, or the client goes away.
final class SandboxHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let router: APIRouter
    let bookmarkInterval: TimeAmount
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    /// The watch streaming on this connection, if any.
    var watch: WatchStream?

    init(router: APIRouter, bookmarkInterval: TimeAmount) {
        self.router = router
        self.bookmarkInterval = bookmarkInterval
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
            // libcurl asks before sending larger bodies and otherwise waits a second for this answer.
            if requestHead.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                let interim = HTTPResponseHead(version: requestHead.version, status: .continue)
                context.writeAndFlush(wrapOutboundOut(.head(interim)), promise: nil)
            }
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let requestHead = head else { return }
            head = nil
            let request = SandboxRequest(method: requestHead.method.rawValue, target: requestHead.uri,
                                         headers: requestHead.headers.map { ($0.name, $0.value) }, body: body)
            body = []
            let latency = router.faults.faults.latency
            if latency > .zero {
                let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
                let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: TimeAmount(latency)) {
                    handler.value.serve(request, head: requestHead, context: boundContext.value)
                }
            } else {
                serve(request, head: requestHead, context: context)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        watch?.stop()
        watch = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        watch?.stop()
        watch = nil
    }

    private func serve(_ request: SandboxRequest, head: HTTPRequestHead, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        switch router.answer(request) {
        case .response(let response):
            write(response, head: head, context: context)
        case .watch(let plan):
            let stream = WatchStream(plan: plan, store: router.store, faults: router.faults.faults,
                                     bookmarkInterval: bookmarkInterval, keepAlive: head.isKeepAlive,
                                     version: head.version, context: context)
            watch = stream
            stream.start { [weak self] in self?.watch = nil }
        }
    }

    /// Writes a complete JSON response, closing the connection unless keep-alive.
    private func write(_ response: SandboxResponse, head: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders([("Content-Type", response.contentType), ("Content-Length", String(response.body.count)),
                                   ("Cache-Control", "no-cache, private")])
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        if !head.isKeepAlive { headers.add(name: "Connection", value: "close") }
        let responseHead = HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: response.status),
                                            headers: headers)
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))),
                      promise: nil)
        let done = context.writeAndFlushPromise(wrapOutboundOut(.end(nil)))
        if !head.isKeepAlive {
            let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            done.whenComplete { _ in boundContext.value.close(promise: nil) }
        }
    }
}

extension ChannelHandlerContext {
    /// Writes, flushes and returns the future of the write.
    func writeAndFlushPromise(_ data: NIOAny) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        writeAndFlush(data, promise: promise)
        return promise.futureResult
    }
}
