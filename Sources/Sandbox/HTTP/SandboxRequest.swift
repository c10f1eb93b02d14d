/// One HTTP request as the API layer sees it: method, decoded path segments, query, headers and body.
struct SandboxRequest: Sendable {
    /// Upper-case HTTP method.
    var method: String
    /// The raw path (without the query).
    var path: String
    /// Percent-decoded path segments, empty ones dropped.
    var segments: [String]
    /// Decoded query parameters (the last value wins).
    var query: [String: String]
    /// Request headers, names lower-cased (the last value wins).
    var headers: [String: String]
    /// The request body.
    var body: [UInt8]

    /// Parses a request target (`/api/v1/pods?watch=1`).
    init(method: String, target: String, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = String(parts.first ?? "")
        segments = path.split(separator: "/").map { Self.percentDecoded($0, plusIsSpace: false) }
        var query: [String: String] = [:]
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = Self.percentDecoded(keyValue[0], plusIsSpace: true)
                query[key] = keyValue.count > 1 ? Self.percentDecoded(keyValue[1], plusIsSpace: true) : ""
            }
        }
        self.query = query
        var headerMap: [String: String] = [:]
        for (name, value) in headers { headerMap[name.lowercased()] = value }
        self.headers = headerMap
        self.body = body
    }

    /// A query flag that is set (`true`, `1`).
    func flag(_ name: String) -> Bool {
        guard let value = query[name] else { return false }
        return value == "true" || value == "1"
    }

    /// Decodes `%XX` escapes (and `+` in queries); invalid escapes stay as they are.
    static func percentDecoded(_ text: Substring, plusIsSpace: Bool) -> String {
        var bytes: [UInt8] = []
        var input = Array(text.utf8)[...]
        while let byte = input.popFirst() {
            if byte == UInt8(ascii: "%"), input.count >= 2,
               let value = UInt8(String(decoding: input.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                input = input.dropFirst(2)
            } else if plusIsSpace, byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
