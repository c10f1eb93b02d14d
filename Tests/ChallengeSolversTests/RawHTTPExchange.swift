import NIOCore
import NIOPosix

/// Sends raw bytes to a TCP port and collects everything the server sends until it closes the connection.
/// Lets tests write exact request heads (odd Host headers, oversized heads, pipelined requests).
///
/// The whole exchange runs on a NIO event loop: the request is written the moment the connection is up and the
/// timeout is an event-loop timer, so neither depends on Swift's cooperative pool, which other tests in the same
/// process may keep busy (a late write would race the responder's head timeout).
enum RawHTTPExchange {
    /// What came back: the bytes as text, and whether the server closed the connection.
    struct Outcome {
        let text: String
        let closedByServer: Bool
    }

    /// Connects to 127.0.0.1:`port`, writes `request`, reads until the server closes (or `timeout` passes).
    static func send(_ request: String, port: Int, timeout: Duration = .seconds(10)) async throws -> Outcome {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let promise = eventLoop.makePromise(of: Outcome.self)
        ClientBootstrap(group: eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = RawExchangeHandler(request: request, timeout: timeout, outcome: promise)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .whenFailure { promise.fail($0) }
        return try await promise.futureResult.get()
    }
}

/// Writes the request as soon as the channel is active, gathers the reply, and settles the outcome when the
/// server closes the connection (or when the timeout fires first). Runs only on its channel's event loop.
private final class RawExchangeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let request: String
    private let timeout: Duration
    private let outcome: EventLoopPromise<RawHTTPExchange.Outcome>
    private var received = ByteBuffer()
    private var timer: Scheduled<Void>?
    private var settled = false

    init(request: String, timeout: Duration, outcome: EventLoopPromise<RawHTTPExchange.Outcome>) {
        self.request = request
        self.timeout = timeout
        self.outcome = outcome
    }

    func channelActive(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            let (handler, context) = loopBound.value
            handler.settle(.success(.init(text: String(buffer: handler.received), closedByServer: false)))
            context.close(promise: nil)
        }
        let buffer = context.channel.allocator.buffer(string: request)
        context.writeAndFlush(wrapOutboundOut(buffer)).whenFailure { error in
            loopBound.value.0.settle(.failure(error))
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var chunk = unwrapInboundIn(data)
        received.writeBuffer(&chunk)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A reset still counts as the server ending the connection: channelInactive follows.
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        settle(.success(.init(text: String(buffer: received), closedByServer: true)))
        context.fireChannelInactive()
    }

    private func settle(_ result: Result<RawHTTPExchange.Outcome, any Error>) {
        guard !settled else { return }
        settled = true
        timer?.cancel()
        outcome.completeWith(result)
    }
}

/// One HTTP/1.1 response parsed from raw text.
struct RawHTTPResponse {
    let status: Int
    let headers: [(String, String)]
    let body: String

    /// The first value of a header, case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// Splits `text` into consecutive responses using Content-Length; `bodiless` marks responses to HEAD.
    static func parseAll(_ text: String, bodiless: Set<Int> = []) -> [RawHTTPResponse] {
        var responses: [RawHTTPResponse] = []
        var rest = Substring(text)
        while let headEnd = rest.firstRange(of: "\r\n\r\n") {
            let lines = rest[..<headEnd.lowerBound].split(separator: "\r\n", omittingEmptySubsequences: false)
            guard let statusLine = lines.first else { break }
            let statusParts = statusLine.split(separator: " ")
            guard statusParts.count >= 2, let status = Int(statusParts[1]) else { break }
            let headers: [(String, String)] = lines.dropFirst().compactMap { line in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                let value = line[line.index(after: colon)...].drop { $0 == " " }
                return (String(line[..<colon]), String(value))
            }
            var body = rest[headEnd.upperBound...]
            let length = bodiless.contains(responses.count) ? 0 : (headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? body.utf8.count)
            let bodyEnd = body.utf8.index(body.startIndex, offsetBy: min(length, body.utf8.count))
            rest = body[bodyEnd...]
            body = body[..<bodyEnd]
            responses.append(RawHTTPResponse(status: status, headers: headers, body: String(body)))
        }
        return responses
    }

    /// The single response in `text`, or nil.
    static func parse(_ text: String, bodiless: Bool = false) -> RawHTTPResponse? {
        parseAll(text, bodiless: bodiless ? [0] : []).first
    }
}
