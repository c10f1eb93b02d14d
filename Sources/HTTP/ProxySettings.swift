/// The proxies to use, read once from the environment when the client is made, so that libcurl's own partial
/// reading of proxy variables never decides anything.
struct ProxySettings: Sendable {
    /// Proxy URL for https:// requests, if any.
    let https: String?
    /// Proxy URL for http:// requests, if any.
    let http: String?
    /// Hosts, domains and CIDR ranges reached directly (libcurl's CURLOPT_NOPROXY syntax, same as NO_PROXY).
    let noProxy: String?

    /// No proxy for anything.
    static let none = ProxySettings(https: nil, http: nil, noProxy: nil)

    /// Reads HTTPS_PROXY/https_proxy, HTTP_PROXY/http_proxy and NO_PROXY/no_proxy (upper case wins, empty
    /// values count as unset).
    init(environment: [String: String]) {
        func value(_ names: String...) -> String? {
            for name in names {
                if let value = environment[name]?.trimmingSpaces, !value.isEmpty { return value }
            }
            return nil
        }
        https = value("HTTPS_PROXY", "https_proxy")
        http = value("HTTP_PROXY", "http_proxy")
        noProxy = value("NO_PROXY", "no_proxy")
    }

    private init(https: String?, http: String?, noProxy: String?) {
        self.https = https
        self.http = http
        self.noProxy = noProxy
    }

    /// The proxy for `url`, chosen by its scheme; nil for a direct connection.
    func proxy(for url: String) -> String? {
        let lowered = url.prefix(8).lowercased()
        if lowered.hasPrefix("https://") { return https }
        if lowered.hasPrefix("http://") { return http }
        return nil
    }
}
