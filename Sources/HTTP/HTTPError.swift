/// The one error type of KubeLegoHTTP: what went wrong, a human reason and the request it concerns.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, for callers that react differently (retry on `.couldNotConnect`, give up on `.tls`).
    public enum Code: Sendable, Equatable {
        /// The request itself is unusable: bad URL, unsupported scheme, a header with a line break.
        case invalidRequest
        /// No connection could be made: refused, unreachable, name not resolved, proxy unreachable.
        case couldNotConnect
        /// The TLS handshake or certificate verification failed (either side).
        case tls
        /// The connect timeout or the total timeout elapsed.
        case timedOut
        /// The calling task was cancelled, the stream was dropped, or the client was shut down.
        case cancelled
        /// The connection failed mid-transfer: truncated body, reset, malformed response.
        case transfer
        /// The response body exceeded `HTTPRequest.maxResponseBytes` or `HTTPClientConfiguration.maxResponseBytes`.
        case responseTooLarge
        /// The client configuration is unusable: unreadable CA file, PEM without a certificate, libcurl setup.
        case configuration
    }

    /// The kind of failure.
    public let code: Code
    /// A human explanation; includes libcurl's own error text where there is one. Never contains secrets.
    public let reason: String
    /// The request URL, with any user-info (credentials) removed.
    public let url: String
    /// The request method, e.g. "GET".
    public let method: String

    /// Makes an error; `url` is stripped of credentials.
    public init(code: Code, reason: String, url: String, method: String = "GET") {
        self.code = code
        self.reason = reason
        self.url = URLRedaction.redact(url)
        self.method = method
    }

    /// One line naming the request and the reason, e.g. "GET https://x/y: timed out after 5s".
    public var description: String {
        url.isEmpty ? reason : "\(method) \(url): \(reason)"
    }
}
