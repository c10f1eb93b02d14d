public import NIOCore

/// Bounds what a client may make the responder hold before a request head is complete: at most `maxHeadBytes`
/// of request line plus headers, and at most `headTimeout` from the connection's start (or the end of the
/// previous head) to the end of the next head. It sits in front of the HTTP decoder and sees raw bytes.
///
/// One deadline covers both idle keep-alive connections and slowloris-style clients that drip bytes: only a
/// complete head starts it again. Bodies need no accounting: the responder refuses them and closes the
/// connection. Also used by the metrics server, whose requests carry no bodies either.
public final class RequestHeadGuard: ChannelInboundHandler, RemovableChannelHandler {
    /// Raw bytes from the socket.
    public typealias InboundIn = ByteBuffer
    /// The same bytes, passed on to the HTTP decoder.
    public typealias InboundOut = ByteBuffer
    /// The raw 431 answer.
    public typealias OutboundOut = ByteBuffer

    private let maxHeadBytes: Int
    private let headTimeout: TimeAmount
    private var headBytes = 0
    private var atLineStart = false
    private var refused = false
    private var deadline: Scheduled<Void>?

    /// Makes a guard for one connection; add it first in the pipeline, before the HTTP decoder.
    public init(maxHeadBytes: Int, headTimeout: TimeAmount) {
        self.maxHeadBytes = maxHeadBytes
        self.headTimeout = headTimeout
    }

    /// Starts the head deadline when added to a connection that is already open.
    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armDeadline(context: context) }
    }

    /// Starts the head deadline when the connection opens.
    public func channelActive(context: ChannelHandlerContext) {
        armDeadline(context: context)
        context.fireChannelActive()
    }

    /// Stops the deadline when the connection closes.
    public func channelInactive(context: ChannelHandlerContext) {
        disarmDeadline()
        context.fireChannelInactive()
    }

    /// Stops the deadline when the guard leaves the pipeline.
    public func handlerRemoved(context: ChannelHandlerContext) {
        disarmDeadline()
    }

    /// Counts head bytes, refuses an oversized head, restarts the deadline after each complete head.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
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
