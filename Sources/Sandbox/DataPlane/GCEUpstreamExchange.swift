import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// One HTTP/1.1 request to an upstream (a backend pod) over a fresh connection, answered in full: the
/// load balancer's health checks and proxied requests.
enum GCEUpstreamExchange {
    /// An upstream's answer.
    struct Response: Sendable {
        /// Status and headers.
        var head: HTTPResponseHead
        /// The whole body.
        var body: ByteBuffer
    }

    /// Sends `head` (and `body`) to `host:port` and collects the response; fails after `timeout`.
    static func send(
        on eventLoop: any EventLoop, host: String, port: Int, head: HTTPRequestHead, body: ByteBuffer?, timeout: TimeAmount
    ) -> EventLoopFuture<Response> {
        let outcome = Outcome(eventLoop.makePromise(of: Response.self))
        var head = head
        head.headers.replaceOrAdd(name: "Connection", value: "close")
        let request = head
        ClientBootstrap(group: eventLoop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(Collector(outcome: outcome))
                }
            }
            .connect(host: host, port: port)
            .whenComplete { result in
                switch result {
                case .failure(let error):
                    outcome.fail(error)
                case .success(let channel):
                    channel.write(HTTPClientRequestPart.head(request), promise: nil)
                    if let body { channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil) }
                    channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
                    let timer = channel.eventLoop.scheduleTask(in: timeout) {
                        outcome.fail(SandboxError(.serviceUnavailable, "upstream \(host):\(port) did not answer in time"))
                    }
                    outcome.future.whenComplete { _ in
                        timer.cancel()
                        channel.close(promise: nil)
                    }
                }
            }
        return outcome.future
    }

    /// Completes a promise once, whichever of response, error, close or timeout comes first.
    final class Outcome: Sendable {
        private let promise: EventLoopPromise<Response>
        private let done = Mutex(false)

        init(_ promise: EventLoopPromise<Response>) { self.promise = promise }

        var future: EventLoopFuture<Response> { promise.futureResult }

        func succeed(_ response: Response) {
            if claim() { promise.succeed(response) }
        }

        func fail(_ error: any Error) {
            if claim() { promise.fail(error) }
        }

        private func claim() -> Bool {
            done.withLock { done in
                defer { done = true }
                return !done
            }
        }
    }

    /// Gathers the response parts.
    final class Collector: ChannelInboundHandler {
        typealias InboundIn = HTTPClientResponsePart

        private let outcome: Outcome
        private var head: HTTPResponseHead?
        private var body = ByteBuffer()

        init(outcome: Outcome) { self.outcome = outcome }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): self.head = head
            case .body(var part): body.writeBuffer(&part)
            case .end:
                if let head { outcome.succeed(Response(head: head, body: body)) }
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            outcome.fail(error)
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            outcome.fail(SandboxError(.serviceUnavailable, "upstream closed the connection before answering"))
            context.fireChannelInactive()
        }
    }
}
