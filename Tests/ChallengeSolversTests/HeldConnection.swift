import NIOCore
import NIOPosix

/// A keep-alive connection a test holds open: connected, one request answered (so the server has surely
/// accepted and registered it), then idle until the test closes it or the server does.
final class HeldConnection: Sendable {
    private let channel: any Channel
    /// Completes when the connection closes, from either side.
    let closed: EventLoopFuture<Void>

    private init(channel: any Channel) {
        self.channel = channel
        self.closed = channel.closeFuture
    }

    /// Connects to 127.0.0.1:`port`, sends `GET /healthz` with keep-alive and waits for the first reply bytes.
    /// Throws when the server closes the connection before answering.
    static func open(port: Int) async throws -> HeldConnection {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let answered = eventLoop.makePromise(of: Void.self)
        let channel = try await ClientBootstrap(group: eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(FirstReplyHandler(answered: answered))
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        let request = channel.allocator.buffer(string: "GET /healthz HTTP/1.1\r\nHost: held\r\n\r\n")
        try await channel.writeAndFlush(request)
        try await answered.futureResult.get()
        return HeldConnection(channel: channel)
    }

    /// Closes the connection from the client side and waits until it is closed.
    func close() async {
        try? await channel.close()
    }
}

/// Settles `answered` with the first bytes read, or fails it when the connection closes first.
private final class FirstReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let answered: EventLoopPromise<Void>
    private var settled = false

    init(answered: EventLoopPromise<Void>) {
        self.answered = answered
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !settled else { return }
        settled = true
        answered.succeed()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !settled {
            settled = true
            answered.fail(ChannelError.ioOnClosedChannel)
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
