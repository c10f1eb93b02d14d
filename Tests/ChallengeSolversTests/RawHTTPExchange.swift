import NIOCore
import NIOPosix

/// Sends raw bytes to a TCP port and collects everything the server sends until it closes the connection.
/// Lets tests write exact request heads (odd Host headers, oversized heads, pipelined requests).
enum RawHTTPExchange {
    /// What came back: the bytes as text, and whether the server closed the connection.
    struct Outcome {
        let text: String
        let closedByServer: Bool
    }

    /// Connects to 127.0.0.1:`port`, writes `request`, reads until the server closes (or `timeout` passes).
    static func send(_ request: String, port: Int, timeout: Duration = .seconds(10)) async throws -> Outcome {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request))
            return try await withThrowingTaskGroup(of: Outcome?.self) { group in
                group.addTask {
                    var received = ByteBuffer()
                    do {
                        for try await chunk in inbound {
                            var chunk = chunk
                            received.writeBuffer(&chunk)
                        }
                    } catch {
                        // A reset still counts as the server ending the connection.
                    }
                    return Outcome(text: String(buffer: received), closedByServer: true)
                }
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first ?? Outcome(text: "", closedByServer: false)
            }
        }
    }
}

/// One HTTP/1.1 response parsed from raw text.
struct RawHTTPResponse {
    let status: Int
    let headers: [(String, String)]
    let body: String

    /// The first value of a header, case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// Splits `text` into consecutive responses using Content-Length; `bodiless` marks responses to HEAD.
    static func parseAll(_ text: String, bodiless: Set<Int> = []) -> [RawHTTPResponse] {
        var responses: [RawHTTPResponse] = []
        var rest = Substring(text)
        while let headEnd = rest.firstRange(of: "\r\n\r\n") {
            let lines = rest[..<headEnd.lowerBound].split(separator: "\r\n", omittingEmptySubsequences: false)
            guard let statusLine = lines.first else { break }
            let statusParts = statusLine.split(separator: " ")
            guard statusParts.count >= 2, let status = Int(statusParts[1]) else { break }
            let headers: [(String, String)] = lines.dropFirst().compactMap { line in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                let value = line[line.index(after: colon)...].drop { $0 == " " }
                return (String(line[..<colon]), String(value))
            }
            var body = rest[headEnd.upperBound...]
            let length = bodiless.contains(responses.count) ? 0 : (headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? body.utf8.count)
            let bodyEnd = body.utf8.index(body.startIndex, offsetBy: min(length, body.utf8.count))
            rest = body[bodyEnd...]
            body = body[..<bodyEnd]
            responses.append(RawHTTPResponse(status: status, headers: headers, body: String(body)))
        }
        return responses
    }

    /// The single response in `text`, or nil.
    static func parse(_ text: String, bodiless: Bool = false) -> RawHTTPResponse? {
        parseAll(text, bodiless: bodiless ? [0] : []).first
    }
}
