/// Rejects requests that must not reach the wire: unknown schemes, and methods or headers that could smuggle
/// extra lines into the request.
enum RequestValidation {
    /// Throws `.invalidRequest` naming the first problem found.
    static func check(_ request: HTTPRequest) throws(HTTPError) {
        func invalid(_ reason: String) -> HTTPError {
            HTTPError(code: .invalidRequest, reason: reason, url: request.url, method: request.method)
        }
        let lowered = request.url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            throw invalid("only http:// and https:// URLs are supported")
        }
        guard !request.url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else {
            throw invalid("the URL contains spaces or control characters")
        }
        guard !request.method.isEmpty, request.method.utf8.allSatisfy(isTokenByte) else {
            throw invalid("the method is not an HTTP token")
        }
        for (name, value) in request.headers {
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
                throw invalid("the header name \"\(name)\" is not an HTTP token")
            }
            guard !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw invalid("the value of header \(name) contains a line break")
            }
        }
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
