import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A local HTTP server on 127.0.0.1 that gives every request the same scripted answer (or none at all) and
/// records what it was asked: stands in for a misrouted ingress, a 502 from a load balancer, an https redirect.
final class ScriptedHTTPServer: Sendable {
    /// What the server does with each request.
    enum Script: Sendable {
        case respond(status: Int, headers: [(String, String)], body: String)
        /// A chunked body of `chunk` repeated until the client goes away, never ending on its own.
        case endless(status: Int, chunk: String)
        case hang
    }

    /// One request as received.
    struct Recorded: Sendable, Equatable {
        let uri: String
        let host: String?
    }

    let port: Int
    private let channel: any Channel
    private let recorder: Recorder

    private init(port: Int, channel: any Channel, recorder: Recorder) {
        self.port = port
        self.channel = channel
        self.recorder = recorder
    }

    /// The requests received so far.
    var requests: [Recorded] { recorder.requests.withLock { $0 } }
    /// Body bytes handed to the socket so far (by `.endless`).
    var bodyBytesWritten: Int { recorder.bodyBytes.withLock { $0 } }

    /// Starts a server following `script`.
    static func start(_ script: Script) async throws -> ScriptedHTTPServer {
        let recorder = Recorder()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ScriptedHandler(script: script, recorder: recorder))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return ScriptedHTTPServer(port: channel.localAddress?.port ?? 0, channel: channel, recorder: recorder)
    }

    /// Stops listening.
    func stop() async {
        try? await channel.close()
    }

    /// The requests, shared with the handlers.
    final class Recorder: Sendable {
        let requests = Mutex<[Recorded]>([])
        let bodyBytes = Mutex(0)
    }
}

private final class ScriptedHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let script: ScriptedHTTPServer.Script
    let recorder: ScriptedHTTPServer.Recorder
    var head: HTTPRequestHead?

    init(script: ScriptedHTTPServer.Script, recorder: ScriptedHTTPServer.Recorder) {
        self.script = script
        self.recorder = recorder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            let request = ScriptedHTTPServer.Recorded(uri: requestHead.uri, host: requestHead.headers.first(name: "host"))
            recorder.requests.withLock { $0.append(request) }
        case .body:
            break
        case .end:
            if case .endless(let status, let chunk) = script, let head {
                let responseHead = HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: status))
                context.writeAndFlush(wrapOutboundOut(.head(responseHead)), promise: nil)
                writeForever(context: context, chunk: context.channel.allocator.buffer(string: chunk))
                return
            }
            guard case .respond(let status, let extra, let body) = script, let head else { return }
            var headers = HTTPHeaders(extra)
            headers.add(name: "Content-Length", value: "\(body.utf8.count)")
            let responseHead = HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: status), headers: headers)
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    /// Writes `chunk` again each time the previous write has reached the socket, until a write fails (the
    /// client closed). The next write is a new event-loop task, so a fast socket does not deepen the stack.
    private func writeForever(context: ChannelHandlerContext, chunk: ByteBuffer) {
        let recorder = self.recorder
        let eventLoop = context.eventLoop
        let loopBound = NIOLoopBound((self, context), eventLoop: eventLoop)
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(chunk)))).whenSuccess {
            recorder.bodyBytes.withLock { $0 += chunk.readableBytes }
            eventLoop.execute {
                let (handler, context) = loopBound.value
                handler.writeForever(context: context, chunk: chunk)
            }
        }
    }
}
