/// One Ingress's URL map as the GCE L7 load balancer programs it: host rules with path matchers and a
/// default backend. Path semantics are GCE's: `/foo/*` matches `/foo/` and everything below it, any other
/// path matches exactly; an exact match wins over a glob, and a longer glob over a shorter one.
struct GCEURLMap: Sendable, Hashable {
    /// One path rule of a host.
    struct PathRule: Sendable, Hashable {
        /// The path as written (`/*`, `/.well-known/acme-challenge/*`, `/exact`).
        var path: String
        /// Where it routes.
        var backend: GCEBackendReference
    }

    /// "namespace/name" of the Ingress.
    var ingress: String
    /// Path rules by lowercased host, in the Ingress's order.
    var hosts: [String: [PathRule]]
    /// `spec.defaultBackend`, for requests to a known host whose path matches no rule.
    var defaultBackend: GCEBackendReference?

    /// True when a request for `host` belongs to this URL map.
    func serves(host: String) -> Bool { hosts[host] != nil }

    /// The backend for `path` on `host`: the exact rule, else the longest matching glob, else the default.
    func backend(host: String, path: String) -> GCEBackendReference? {
        guard let rules = hosts[host] else { return nil }
        if let exact = rules.first(where: { !$0.path.hasSuffix("*") && $0.path == path }) { return exact.backend }
        let globs = rules.filter { rule in
            rule.path.hasSuffix("/*") && (path.hasPrefix(String(rule.path.dropLast())) || path == String(rule.path.dropLast(2)))
        }
        if let longest = globs.max(by: { $0.path.count < $1.path.count }) { return longest.backend }
        return defaultBackend
    }

    /// Every backend the map routes to.
    var backends: Set<GCEBackendReference> {
        var all = Set(hosts.values.flatMap { $0.map(\.backend) })
        if let defaultBackend { all.insert(defaultBackend) }
        return all
    }
}
