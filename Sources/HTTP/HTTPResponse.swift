/// A complete (buffered) HTTP response.
public struct HTTPResponse: Sendable {
    /// The status code of the final response, e.g. 200.
    public let status: Int
    /// The headers of the final response only (not of redirects or `100 Continue`).
    public let headers: HTTPHeaders
    /// The body bytes (empty for HEAD).
    public let body: [UInt8]

    /// A response from its parts (also for tests of code that consumes responses).
    public init(status: Int, headers: HTTPHeaders, body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body decoded as UTF-8; invalid sequences become U+FFFD.
    public var text: String { String(decoding: body, as: UTF8.self) }
}
