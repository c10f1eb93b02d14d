/// The host and path a request names, from its request target and `Host` header (RFC 9112 §3.2).
struct RequestTarget: Equatable {
    /// The normalized host (see `HostName`), or nil when neither the target nor the Host header gives one.
    let host: String?
    /// The path, without query or fragment; always starts with `/`.
    let path: Substring

    /// Splits `uri`; an absolute-form target (`http://host:port/path`, sent to proxies) names the host itself
    /// and wins over the Host header, as RFC 9112 §3.2.2 requires.
    init(uri: String, hostHeader: String?) {
        var rest = Substring(uri)
        var host = hostHeader.flatMap { HostName.fromHostHeader(Substring($0)) }
        if let schemeEnd = rest.firstRange(of: "://"), rest[..<schemeEnd.lowerBound].allSatisfy({ $0.isLetter }) {
            let afterScheme = rest[schemeEnd.upperBound...]
            let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterScheme.endIndex
            var authority = afterScheme[..<authorityEnd]
            if let at = authority.lastIndex(of: "@") {
                authority = authority[authority.index(after: at)...]
            }
            host = HostName.fromHostHeader(authority)
            rest = afterScheme[authorityEnd...]
        }
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            rest = rest[..<end]
        }
        self.host = host
        self.path = rest.isEmpty ? "/" : rest
    }
}
