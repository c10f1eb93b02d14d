#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KubeLegoKube

/// A deliberately small HTTP/1.1 client over a blocking loopback socket, so tests see exactly what the server
/// puts on the wire (status, headers, chunking, keep-alive, dropped connections).
final class RawHTTPConnection {
    /// One parsed response.
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        /// The body as JSON (`.null` when it is not JSON).
        var json: JSONValue { (try? JSONValue(parsing: body)) ?? .null }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// What went wrong on the wire.
    struct WireError: Error, CustomStringConvertible {
        var description: String
    }

    private let socket: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port` with a receive timeout.
    init(port: Int, timeoutSeconds: Int = 10) throws {
        #if canImport(Glibc)
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socket >= 0 else { throw WireError(description: "socket() failed") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(socket)
            throw WireError(description: "connect to port \(port) failed")
        }
    }

    deinit { close(socket) }

    /// Sends a request and reads its complete response.
    func request(
        _ method: String, _ target: String, body: String? = nil, contentType: String = "application/json",
        headers: [(String, String)] = []
    ) throws -> Response {
        try send(method, target, body: body, contentType: contentType, headers: headers)
        return try readResponse()
    }

    /// Sends a request without reading the answer.
    func send(
        _ method: String, _ target: String, body: String? = nil, contentType: String = "application/json",
        headers: [(String, String)] = []
    ) throws {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(socket, $0.baseAddress, $0.count) }
            guard written > 0 else { throw WireError(description: "write failed") }
            offset += written
        }
    }

    /// Reads a status line and headers; then the whole body unless it is chunked and `streaming`.
    func readResponse(streaming: Bool = false) throws -> Response {
        let headText = String(decoding: try readUntil(Array("\r\n\r\n".utf8)), as: UTF8.self)
        var lines = headText.split(separator: "\r\n").map(String.init)
        guard !lines.isEmpty else { throw WireError(description: "empty response head") }
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw WireError(description: "bad status line")
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters
        }
        var response = Response(status: status, headers: headers, body: [])
        if headers["transfer-encoding"] == "chunked" {
            if streaming { return response }
            while let chunk = try nextChunk() { response.body += chunk }
        } else if let length = Int(headers["content-length"] ?? "0") {
            response.body = try readExactly(length)
        }
        return response
    }

    /// The next chunk of a chunked body, or nil at the final chunk. Throws when the connection drops.
    func nextChunk() throws -> [UInt8]? {
        let sizeLine = String(decoding: try readUntil(Array("\r\n".utf8)), as: UTF8.self)
        guard let size = Int(sizeLine.split(separator: ";").first.map(String.init) ?? "", radix: 16) else {
            throw WireError(description: "bad chunk size \(sizeLine)")
        }
        let data = try readExactly(size)
        _ = try readExactly(2)
        return size == 0 ? nil : data
    }

    /// Reads watch events until the stream ends (or `limit` events); each event is one JSON line.
    func watchEvents(limit: Int = .max) throws -> [JSONValue] {
        var events: [JSONValue] = []
        var pending: [UInt8] = []
        while events.count < limit, let chunk = try nextChunk() {
            pending += chunk
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                events.append(try JSONValue(parsing: pending[..<newline]))
                pending.removeSubrange(...newline)
            }
        }
        return events
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { read(socket, $0.baseAddress, $0.count) }
        guard count > 0 else { throw WireError(description: count == 0 ? "connection closed" : "read timed out or failed") }
        buffer += chunk[..<count]
    }

    private func readUntil(_ delimiter: [UInt8]) throws -> [UInt8] {
        while true {
            if let range = buffer.firstRange(of: delimiter) {
                let result = Array(buffer[..<range.lowerBound])
                buffer.removeSubrange(..<range.upperBound)
                return result
            }
            try fill()
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        let result = Array(buffer[..<count])
        buffer.removeSubrange(..<count)
        return result
    }
}

extension Substring {
    /// The text without surrounding spaces.
    var trimmingCharacters: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
