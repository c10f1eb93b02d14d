/// A claim on a streaming transfer. When the last holder lets go (the body stream and all its copies, or an
/// iterator) the transfer is aborted, unless its body already ended.
final class StreamLease: Sendable {
    /// The engine driving the transfer.
    let engine: CurlEngine
    /// The transfer's id.
    let transferID: UInt64
    /// The body buffer.
    let channel: StreamChannel
    private let method: String
    private let url: String

    /// A lease on transfer `transferID`.
    init(engine: CurlEngine, transferID: UInt64, channel: StreamChannel, method: String, url: String) {
        self.engine = engine
        self.transferID = transferID
        self.channel = channel
        self.method = method
        self.url = url
    }

    /// Another lease on the same transfer (for an iterator).
    func sibling() -> StreamLease {
        StreamLease(engine: engine, transferID: transferID, channel: channel, method: method, url: url)
    }

    /// A `.cancelled` error naming this request.
    func cancellation(_ reason: String) -> HTTPError {
        HTTPError(code: .cancelled, reason: reason, url: url, method: method)
    }

    /// Ends the body with `error` and aborts the transfer if it was still running.
    func abort(_ error: HTTPError) {
        if channel.close(error) {
            engine.send(.abort(transferID))
        }
    }

    deinit {
        abort(cancellation("the response stream was dropped before its end"))
    }
}
