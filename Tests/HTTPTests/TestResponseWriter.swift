import NIOCore
import NIOHTTP1

/// What a test route uses to answer: whole responses, or head, body pieces and end separately.
final class TestResponseWriter {
    private let outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    /// Set by `closeConnection()`: the server closes the connection once the route returns.
    private(set) var closeRequested = false

    init(outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) {
        self.outbound = outbound
    }

    /// A complete response with a Content-Length.
    func respond(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = []) async throws {
        var all = headers
        if !all.contains(where: { $0.0.lowercased() == "content-length" }) {
            all.append(("Content-Length", "\(body.count)"))
        }
        try await writeHead(status: status, headers: all)
        if !body.isEmpty { try await write(body) }
        try await end()
    }

    /// A complete response with a text body.
    func respond(status: Int = 200, headers: [(String, String)] = [], text: String) async throws {
        try await respond(status: status, headers: headers, body: Array(text.utf8))
    }

    /// The status line and headers (no Content-Length means a chunked body).
    func writeHead(status: Int, headers: [(String, String)] = []) async throws {
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status),
                                    headers: NIOHTTP1.HTTPHeaders(headers))
        try await outbound.write(.head(head))
    }

    /// A piece of body.
    func write(_ bytes: [UInt8]) async throws {
        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes))))
    }

    /// A piece of body given as text.
    func write(_ text: String) async throws {
        try await write(Array(text.utf8))
    }

    /// The end of the response.
    func end() async throws {
        try await outbound.write(.end(nil))
    }

    /// Closes the connection after the route returns (whatever was written so far stays written).
    func closeConnection() {
        closeRequested = true
    }
}
