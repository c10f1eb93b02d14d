/// A response whose body arrives incrementally (see `HTTPClient.stream`).
public struct HTTPStreamingResponse: Sendable {
    /// The final status code.
    public let status: Int
    /// The final response's headers.
    public let headers: HTTPHeaders
    /// The body, chunk by chunk. Read it to the end, or drop it to abort the transfer.
    public let body: HTTPBodyStream
}
