import Logging
import NIOCore
import NIOHTTP1

/// Serves the requests of one accepted connection, in order, until the client closes it, a response asks
/// to close it, or the serving task is cancelled.
struct ResponderConnection: Sendable {
    /// The async view of an accepted connection after the HTTP/1.1 server handlers.
    typealias Channel = NIOAsyncChannel<HTTPServerRequestPart, HTTPPart<HTTPResponseHead, ByteBuffer>>

    let router: ResponderRouter
    let isReady: @Sendable () -> Bool
    let logger: Logger

    /// Serves `connection` and closes it; errors end the connection and are logged at debug level.
    func serve(_ connection: Channel) async {
        let channel = connection.channel
        do {
            try await withTaskCancellationHandler {
                try await connection.executeThenClose { inbound, outbound in
                    var pending: HTTPRequestHead?
                    for try await part in inbound {
                        switch part {
                        case .head(let head):
                            let reply = reply(to: head)
                            if reply.closeConnection {
                                // A body was announced; answer now and close rather than read it.
                                try await write(reply, for: head, keepAlive: false, to: outbound)
                                return
                            }
                            pending = head
                        case .body:
                            continue
                        case .end:
                            guard let head = pending else { continue }
                            pending = nil
                            try await write(reply(to: head), for: head, keepAlive: head.isKeepAlive, to: outbound)
                            if !head.isKeepAlive { return }
                        }
                    }
                }
            } onCancel: {
                channel.close(promise: nil)
            }
        } catch {
            logger.debug("HTTP-01 responder connection ended", metadata: [
                "responder.peer": "\(channel.remoteAddress?.description ?? "unknown")", "error": "\(error)",
            ])
        }
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

    private func write(
        _ reply: ResponderReply,
        for request: HTTPRequestHead,
        keepAlive: Bool,
        to outbound: NIOAsyncChannelOutboundWriter<HTTPPart<HTTPResponseHead, ByteBuffer>>
    ) async throws {
        let body = ByteBuffer(string: reply.body)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain")
        if reply.noCache {
            headers.add(name: "Cache-Control", value: "no-cache, no-store, must-revalidate")
        }
        for (name, value) in reply.extraHeaders {
            headers.add(name: name, value: value)
        }
        headers.add(name: "Content-Length", value: "\(body.readableBytes)")
        let close = !keepAlive || reply.closeConnection
        if close, request.version.minor >= 1 {
            headers.add(name: "Connection", value: "close")
        } else if !close, request.version.minor == 0 {
            headers.add(name: "Connection", value: "keep-alive")
        }
        let head = HTTPResponseHead(version: request.version, status: reply.status, headers: headers)
        if request.method == .HEAD {
            try await outbound.write(contentsOf: [.head(head), .end(nil)])
        } else {
            try await outbound.write(contentsOf: [.head(head), .body(body), .end(nil)])
        }
    }

    /// True when the request carries a body: a non-zero Content-Length or any Transfer-Encoding.
    static func announcesBody(_ head: HTTPRequestHead) -> Bool {
        if head.headers.contains(name: "transfer-encoding") { return true }
        return head.headers["content-length"].contains { $0.trimmingASCIISpacesString != "0" }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate var trimmingASCIISpacesString: String { String(Substring(self).trimmingASCIISpaces()) }
}
