import NIOHTTP1

/// One response the responder sends: decided by `ResponderRouter`, written by the connection handler.
struct ResponderReply: Sendable {
    /// The status line's code.
    var status: HTTPResponseStatus
    /// The body; sent as `text/plain` (omitted, but counted in Content-Length, for HEAD).
    var body: String
    /// False only for `/healthz`, which the original left cacheable; everything else forbids caching.
    var noCache = true
    /// Extra headers, e.g. `Allow` on a 405.
    var extraHeaders: [(String, String)] = []
    /// Close the connection after this response (e.g. a request body was announced and not read).
    var closeConnection = false
}
