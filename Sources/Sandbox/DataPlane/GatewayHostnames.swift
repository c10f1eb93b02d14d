/// The Gateway API's hostname rules: `*.` wildcards as suffix matches over one or more labels, the
/// intersection of a listener's hostname with a route's, and which hostnames a served nginx host covers.
enum GatewayHostnames {
    /// A hostname a route is served for on one listener.
    struct Effective: Hashable {
        /// The hostname requests must carry (exact or `*.` wildcard), or nil for every hostname.
        var host: String?
        /// The route's own hostname that produced it (nil when the route names none): route precedence is
        /// decided on it, as the spec recommends when intersections are identical.
        var original: String?
    }

    /// Whether `pattern` (`*.example.com`) covers `host`: an exact name with at least one more label in front
    /// of `example.com`, or a wildcard at least as narrow (`*.example.com`, `*.a.example.com`).
    static func wildcard(_ pattern: String, covers host: String) -> Bool {
        guard pattern.hasPrefix("*.") else { return false }
        let suffix = pattern.dropFirst() // ".example.com"
        if host.hasPrefix("*.") { return host.dropFirst().hasSuffix(suffix) }
        return host.count > suffix.count && host.hasSuffix(suffix)
    }

    /// The hostnames a route is served for on a listener: the intersection of the listener's hostname (nil:
    /// any) and the route's hostnames (empty: any). Empty when both are set and none intersect, in which
    /// case the route does not attach to the listener.
    static func intersection(listener: String?, route: [String]) -> [Effective] {
        guard let listener else {
            return route.isEmpty ? [Effective(host: nil, original: nil)] : route.map { Effective(host: $0, original: $0) }
        }
        guard !route.isEmpty else { return [Effective(host: listener, original: nil)] }
        var result: [Effective] = []
        for hostname in route {
            if hostname == listener || wildcard(listener, covers: hostname) {
                result.append(Effective(host: hostname, original: hostname))
            } else if wildcard(hostname, covers: listener) {
                result.append(Effective(host: listener, original: hostname))
            }
        }
        return result
    }

    /// Whether requests nginx sends to the server for `server` (an exact name, a `*.` wildcard, or nil for
    /// the default server) can carry a hostname `effective` serves. nginx prefers an exact server over a
    /// wildcard one and the longest wildcard, and every effective hostname gets a server of its own, so an
    /// exact effective hostname belongs to its own server only.
    static func serves(_ effective: Effective, onServer server: String?) -> Bool {
        guard let host = effective.host else { return true }
        guard let server else { return false }
        return host == server || wildcard(host, covers: server)
    }

    /// How specific the route's hostname is, for precedence between routes on one host: characters of a
    /// non-wildcard hostname first, then characters of any hostname; a route naming no hostname scores 0.
    static func specificity(_ effective: Effective) -> (exact: Int, any: Int) {
        guard let original = effective.original else { return (0, 0) }
        return (original.hasPrefix("*.") ? 0 : original.count, original.count)
    }
}
