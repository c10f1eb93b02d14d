/// Status and headers of a response, delivered to a streaming caller before the body.
struct ResponseHead: Sendable {
    /// The final status code.
    let status: Int
    /// The final response's headers.
    let headers: HTTPHeaders
}
