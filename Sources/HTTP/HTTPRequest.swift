/// One HTTP request: method, URL, headers, optional body and per-request limits.
public struct HTTPRequest: Sendable {
    /// "GET", "HEAD" (sent without reading a body), "POST", "PUT", "PATCH", "DELETE" or another token.
    public var method: String
    /// The absolute http:// or https:// URL.
    public var url: String
    /// Headers to send; `Authorization` here wins over the client's bearer token, `User-Agent` over its agent.
    public var headers: HTTPHeaders
    /// The request body, sent with a `Content-Length`; nil sends none.
    public var body: [UInt8]?
    /// Time allowed to establish the connection (TCP + TLS); nil uses the client's default.
    public var connectTimeout: Duration?
    /// Time allowed for the whole transfer; nil uses the client's default, except for streams where nil means
    /// no limit.
    public var timeout: Duration?
    /// Whether 3xx responses with a `Location` are followed (at most 10 times). Default false.
    public var followRedirects: Bool
    /// Largest buffered response body accepted for this request, in bytes; nil uses the client's
    /// `HTTPClientConfiguration.maxResponseBytes`. Larger bodies fail with `.responseTooLarge` as soon as the
    /// limit is passed (at once when `Content-Length` announces it). Streams are not limited by it.
    public var maxResponseBytes: Int?
    /// Whether the request goes on a connection of its own, opened for it and closed after it, instead of a
    /// pooled keep-alive one. Default false.
    public var freshConnection: Bool

    /// A request with no per-request limits and redirects not followed.
    public init(method: String = "GET", url: String, headers: HTTPHeaders = [:], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = nil
        self.timeout = nil
        self.followRedirects = false
        self.maxResponseBytes = nil
        self.freshConnection = false
    }
}
