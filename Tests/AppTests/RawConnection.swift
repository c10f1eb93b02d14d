import NIOCore
import NIOPosix

/// A raw TCP client for server tests: writes exact bytes, collects everything until the server closes (or a
/// timeout), or holds the connection open after a first answer.
final class RawConnection: Sendable {
    /// What came back, and whether the server closed the connection before the timeout.
    struct Outcome: Sendable {
        let text: String
        let closedByServer: Bool
    }

    private let channel: any Channel
    private let outcome: EventLoopFuture<Outcome>
    private let firstBytes: EventLoopFuture<Void>

    private init(channel: any Channel, outcome: EventLoopFuture<Outcome>, firstBytes: EventLoopFuture<Void>) {
        self.channel = channel
        self.outcome = outcome
        self.firstBytes = firstBytes
    }

    /// Connects to 127.0.0.1:`port` and writes `request` at once; `timeout` bounds the whole exchange.
    static func open(port: Int, sending request: String, timeout: Duration = .seconds(30)) async throws -> RawConnection {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let outcome = eventLoop.makePromise(of: Outcome.self)
        let firstBytes = eventLoop.makePromise(of: Void.self)
        let channel = try await ClientBootstrap(group: eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = CollectingHandler(request: request, timeout: timeout, outcome: outcome, firstBytes: firstBytes)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        return RawConnection(channel: channel, outcome: outcome.futureResult, firstBytes: firstBytes.futureResult)
    }

    /// Sends `request` and waits until the server closes the connection or the timeout passes. A failed write
    /// (the server closed first) counts as closed without an answer.
    static func exchange(_ request: String, port: Int, timeout: Duration = .seconds(30)) async throws -> Outcome {
        try await open(port: port, sending: request, timeout: timeout).finished()
    }

    /// Waits for the first bytes of an answer; throws when the connection closes before any.
    func answered() async throws {
        try await firstBytes.get()
    }

    /// Waits until the server closes the connection or the timeout passes.
    func finished() async throws -> Outcome {
        try await outcome.get()
    }

    /// Closes the connection from this side.
    func close() async {
        try? await channel.close()
    }
}

private final class CollectingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let request: String
    private let timeout: Duration
    private let outcome: EventLoopPromise<RawConnection.Outcome>
    private let firstBytes: EventLoopPromise<Void>
    private var received = ByteBuffer()
    private var timer: Scheduled<Void>?
    private var settled = false
    private var sawBytes = false

    init(request: String, timeout: Duration, outcome: EventLoopPromise<RawConnection.Outcome>, firstBytes: EventLoopPromise<Void>) {
        self.request = request
        self.timeout = timeout
        self.outcome = outcome
        self.firstBytes = firstBytes
    }

    func channelActive(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            let (handler, context) = loopBound.value
            handler.settle(closedByServer: false)
            context.close(promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: request)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var chunk = unwrapInboundIn(data)
        received.writeBuffer(&chunk)
        if !sawBytes {
            sawBytes = true
            firstBytes.succeed()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        settle(closedByServer: true)
        context.fireChannelInactive()
    }

    private func settle(closedByServer: Bool) {
        guard !settled else { return }
        settled = true
        timer?.cancel()
        if !sawBytes { firstBytes.fail(ChannelError.ioOnClosedChannel) }
        outcome.succeed(.init(text: String(buffer: received), closedByServer: closedByServer))
    }
}
