import NIOCore

/// Bounds what a client may make the responder hold before a request head is complete: at most `maxHeadBytes`
/// of request line plus headers, and at most `headTimeout` from the connection's start (or the end of the
/// previous head) to the end of the next head. It sits in front of the HTTP decoder and sees raw bytes.
///
/// One deadline covers both idle keep-alive connections and slowloris-style clients that drip bytes. Bodies
/// need no accounting: the responder refuses them and closes the connection.
final class RequestHeadGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let maxHeadBytes: Int
    private let headTimeout: TimeAmount
    private var headBytes = 0
    private var atLineStart = false
    private var refused = false
    private var deadline: Scheduled<Void>?

    init(maxHeadBytes: Int, headTimeout: TimeAmount) {
        self.maxHeadBytes = maxHeadBytes
        self.headTimeout = headTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armDeadline(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        armDeadline(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarmDeadline()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarmDeadline()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        let buffer = unwrapInboundIn(data)
        var headsCompleted = 0
        for byte in buffer.readableBytesView {
            headBytes += 1
            if byte == UInt8(ascii: "\n") {
                if atLineStart {
                    headsCompleted += 1
                    headBytes = 0
                    atLineStart = false
                } else {
                    atLineStart = true
                }
            } else if byte != UInt8(ascii: "\r") {
                atLineStart = false
            }
            if headBytes > maxHeadBytes {
                refuse(context: context)
                return
            }
        }
        if headsCompleted > 0 { armDeadline(context: context) }
        context.fireChannelRead(data)
    }

    /// Answers 431 on the raw socket (the HTTP encoder is behind us) and closes.
    private func refuse(context: ChannelHandlerContext) {
        refused = true
        disarmDeadline()
        let body = "request line and headers exceed \(maxHeadBytes) bytes"
        let response = "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        let buffer = context.channel.allocator.buffer(string: response)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in
            loopBound.value.close(promise: nil)
        }
    }

    private func armDeadline(context: ChannelHandlerContext) {
        disarmDeadline()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: headTimeout) {
            loopBound.value.close(promise: nil)
        }
    }

    private func disarmDeadline() {
        deadline?.cancel()
        deadline = nil
    }
}
