/// Builds the status and headers of the final response from the header lines libcurl reports
/// (CURLOPT_HEADERFUNCTION): every status line starts a new block, so `100 Continue` and followed redirects are
/// dropped and only the last response's headers remain.
struct ResponseHeadParser {
    /// Whether libcurl follows redirects for this request (a 3xx with `Location` is then not final).
    let followsRedirects: Bool
    /// Status code of the latest block.
    private(set) var status = 0
    /// Headers of the latest block.
    private(set) var headers = HTTPHeaders()
    /// Whether the head of the final response has been read completely.
    private(set) var isComplete = false

    /// A parser for one transfer.
    init(followsRedirects: Bool) {
        self.followsRedirects = followsRedirects
    }

    /// Takes one header line (with or without its CRLF). Returns true when this line completed the final head.
    mutating func consume(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = Substring(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[..<end]), as: UTF8.self))

        if line.hasPrefix("HTTP/") {
            status = Self.statusCode(of: line)
            headers = HTTPHeaders()
            isComplete = false
            return false
        }
        if line.isEmpty {
            guard status >= 200, !isComplete else { return false }
            let redirectFollowed = followsRedirects && (300..<400).contains(status) && headers.contains("Location")
            if redirectFollowed { return false }
            isComplete = true
            return true
        }
        if isComplete { return false }  // trailers after the body are not part of the head
        if let first = line.first, first == " " || first == "\t" {
            appendContinuation(String(line).trimmingSpaces)
            return false
        }
        guard let colon = line.firstIndex(of: ":") else { return false }
        let name = String(line[..<colon]).trimmingSpaces
        let value = String(line[line.index(after: colon)...]).trimmingSpaces
        if !name.isEmpty { headers.add(name, value) }
        return false
    }

    private mutating func appendContinuation(_ text: String) {
        var fields = Array(headers)
        guard let last = fields.popLast() else { return }
        var rebuilt = HTTPHeaders(fields.map { ($0.name, $0.value) })
        rebuilt.add(last.name, last.value + " " + text)
        headers = rebuilt
    }

    private static func statusCode(of line: Substring) -> Int {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2, let code = Int(parts[1]), (100...999).contains(code) else { return 0 }
        return code
    }
}
