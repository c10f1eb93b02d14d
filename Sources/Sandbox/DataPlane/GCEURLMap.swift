/// One Ingress's URL map as the GCE L7 load balancer programs it: host rules with path matchers and a
/// default backend. Path semantics are GCE's: for `ImplementationSpecific`, `/foo/*` matches `/foo`, `/foo/`
/// and everything below it and any other path matches exactly; `Exact` matches exactly; `Prefix` (newer GKE)
/// matches the path and everything below it by segment. An exact match wins, then the longest prefix.
struct GCEURLMap: Sendable, Hashable {
    /// One path rule of a host.
    struct PathRule: Sendable, Hashable {
        /// The path as written (`/*`, `/.well-known/acme-challenge/*`, `/exact`).
        var path: String
        /// The Ingress `pathType`.
        var pathType: String = "ImplementationSpecific"
        /// Where it routes.
        var backend: GCEBackendReference

        /// The prefix this rule covers (nil for an exact rule): `/foo/` for the glob `/foo/*` and for `Prefix /foo`.
        var prefix: String? {
            if pathType == "Prefix" { return path.hasSuffix("/") ? path : path + "/" }
            if pathType == "ImplementationSpecific", path.hasSuffix("/*") { return String(path.dropLast()) }
            return nil
        }

        /// True when the rule matches `requested` exactly.
        func matchesExactly(_ requested: String) -> Bool { prefix == nil && path == requested }

        /// True when the rule's prefix covers `requested` (a prefix `/foo/` covers `/foo` too).
        func covers(_ requested: String) -> Bool {
            guard let prefix else { return false }
            return requested.hasPrefix(prefix) || requested == String(prefix.dropLast())
        }
    }

    /// The key of the rules of a rule without a host, which GCE matches for every host.
    static let anyHost = "*"

    /// "namespace/name" of the Ingress.
    var ingress: String
    /// Path rules by lowercased host (`anyHost` for a rule without one), in the Ingress's order.
    var hosts: [String: [PathRule]]
    /// `spec.defaultBackend`, for requests to a known host whose path matches no rule.
    var defaultBackend: GCEBackendReference?

    /// True when this URL map has a rule naming `host`.
    func names(host: String) -> Bool { hosts[host] != nil }

    /// True when this URL map has a rule without a host.
    var servesAnyHost: Bool { hosts[Self.anyHost] != nil }

    /// The backend for `path` on `host` (or, without a rule naming it, the host-less rule): the exact path,
    /// else the longest matching glob, else the default backend.
    func backend(host: String, path: String) -> GCEBackendReference? {
        guard let rules = hosts[host] ?? hosts[Self.anyHost] else { return nil }
        if let exact = rules.first(where: { $0.matchesExactly(path) }) { return exact.backend }
        let covering = rules.filter { $0.covers(path) }
        if let longest = covering.max(by: { ($0.prefix?.count ?? 0) < ($1.prefix?.count ?? 0) }) { return longest.backend }
        return defaultBackend
    }

    /// Every backend the map routes to.
    var backends: Set<GCEBackendReference> {
        var all = Set(hosts.values.flatMap { $0.map(\.backend) })
        if let defaultBackend { all.insert(defaultBackend) }
        return all
    }
}
