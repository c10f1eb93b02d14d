import KubeLegoKube

/// HTTPRoutes in the route table, after the Ingresses.
///
/// Every match of every rule of a served route becomes an entry; on each host (every host an Ingress or a
/// route names, plus the default server for routes of any hostname) each nginx location gets the entries
/// whose path covers it, in the Gateway API's precedence order, so nginx's own choice (exact location, then
/// longest prefix) and the entries' order together give the spec's answer. A location an Ingress already
/// claimed stays the Ingress's.
extension NginxRouteTable {
    /// What one `backendRef` resolves to.
    enum GatewayBackend: Hashable {
        /// Not usable: the reason `ResolvedRefs` reports (`InvalidKind`, `RefNotPermitted`, `BackendNotFound`).
        case invalid(reason: String)
        /// A Service port with no ready address.
        case noEndpoints
        /// An upstream and its targets.
        case resolved(upstream: String, targets: [String])
    }

    /// Adds the routes served on the Gateways' HTTP listeners; `grants` allow cross-namespace backends.
    mutating func add(gatewayRoutes: [GatewayAttachments.ServedRoute], grants: [GatewayAPI.ReferenceGrant]) {
        var entries: [GatewayRouteEntry] = []
        for served in gatewayRoutes {
            let hostnames = served.hostnames.filter { $0.host.map(Self.isSafeHost) ?? true }
            guard !hostnames.isEmpty else { continue }
            let route = served.route
            for (ruleIndex, rule) in route.rules.enumerated() {
                let usable = rule.matches.enumerated().compactMap { index, match in
                    Self.gatewayPath(match).flatMap { path in Self.gatewayConditions(match).map { (index, path, $0) } }
                }
                guard !usable.isEmpty else { continue }
                let target = gatewayTarget(rule, route: route, ruleIndex: ruleIndex, grants: grants)
                for (matchIndex, path, conditions) in usable {
                    entries.append(GatewayRouteEntry(
                        path: path, conditions: conditions, target: target, hostnames: hostnames,
                        order: (route.created, route.key, ruleIndex, matchIndex)))
                }
            }
        }
        guard !entries.isEmpty else { return }
        var hosts = Set(servers.keys)
        for entry in entries { hosts.formUnion(entry.hostnames.compactMap(\.host)) }
        for host in hosts {
            let locations = Self.gatewayLocations(entries, server: host)
            guard !locations.isEmpty else { continue }
            var server = servers[host] ?? [:]
            for (location, target) in locations where server[location] == nil { server[location] = target }
            servers[host] = server
        }
        for (location, target) in Self.gatewayLocations(entries, server: nil) where defaultServer[location] == nil {
            defaultServer[location] = target
        }
    }

    /// The locations of one server (a host, or nil for the default server) and their targets.
    static func gatewayLocations(_ entries: [GatewayRouteEntry], server: String?) -> [String: Target] {
        var applicable: [(entry: GatewayRouteEntry, score: (exact: Int, any: Int))] = []
        for entry in entries {
            let scores = entry.hostnames.filter { GatewayHostnames.serves($0, onServer: server) }.map(GatewayHostnames.specificity)
            guard let best = scores.max(by: { ($0.exact, $0.any) < ($1.exact, $1.any) }) else { continue }
            applicable.append((entry, best))
        }
        applicable.sort { $0.entry.precedes($1.entry, mine: $0.score, theirs: $1.score) }
        var result: [String: Target] = [:]
        for location in Set(applicable.flatMap(\.entry.locations)) {
            var chain: [NginxConditionalTarget] = []
            for candidate in applicable where candidate.entry.covers(location) {
                chain.append(NginxConditionalTarget(conditions: candidate.entry.conditions, target: candidate.entry.target))
                if candidate.entry.conditions.isEmpty { break }
            }
            if let first = chain.first, first.conditions.isEmpty {
                result[location.text] = first.target
            } else {
                result[location.text] = .conditional(chain)
            }
        }
        return result
    }

    /// Where a rule sends requests. One backend: its upstream, 503 without ready addresses, 500 when invalid.
    /// Several: one upstream over the valid backends' addresses weighted by `weight` (an invalid backend's
    /// share goes to the valid ones rather than answering 500: a simplification). No backend, or all of
    /// weight 0: 500, as the spec requires.
    private mutating func gatewayTarget(
        _ rule: GatewayAPI.Rule, route: GatewayAPI.HTTPRoute, ruleIndex: Int, grants: [GatewayAPI.ReferenceGrant]
    ) -> Target {
        let weighted = rule.backendRefs.filter { $0.weight > 0 }
        let resolutions = weighted.map { gatewayBackend($0, routeNamespace: route.namespace, grants: grants) }
        if resolutions.count == 1, let only = resolutions.first {
            switch only {
            case .invalid: return .status(500)
            case .noEndpoints: return .noEndpoints
            case .resolved(let upstream, let targets):
                upstreams[upstream] = targets
                return .upstream(upstream)
            }
        }
        var weights: [String: Int] = [:]
        var invalid = resolutions.isEmpty
        for (backend, resolution) in zip(weighted, resolutions) {
            switch resolution {
            case .invalid: invalid = true
            case .noEndpoints: break
            case .resolved(_, let targets): for target in targets { weights[target, default: 0] += backend.weight }
            }
        }
        guard !weights.isEmpty else { return invalid ? .status(500) : .noEndpoints }
        let raw = "httproute_\(route.namespace)_\(route.name)_rule\(ruleIndex)"
        let upstream = String(raw.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        upstreams[upstream] = weights.keys.sorted().map { "\($0) weight=\(weights[$0] ?? 1)" }
        return .upstream(upstream)
    }

    /// Resolves a `backendRef` of a route in `routeNamespace`: a core Service (other kinds are invalid), in
    /// another namespace only with a ReferenceGrant there allowing it, with a port the Service has.
    func gatewayBackend(
        _ backend: GatewayAPI.BackendRef, routeNamespace: String, grants: [GatewayAPI.ReferenceGrant]
    ) -> GatewayBackend {
        guard backend.group.isEmpty, backend.kind == "Service" else { return .invalid(reason: "InvalidKind") }
        let namespace = backend.namespace ?? routeNamespace
        if namespace != routeNamespace,
           !Self.granted(grants, fromNamespace: routeNamespace, toNamespace: namespace, service: backend.name) {
            return .invalid(reason: "RefNotPermitted")
        }
        guard let port = backend.port else { return .invalid(reason: "BackendNotFound") }
        switch resolveService(namespace: namespace, name: backend.name, port: .number(port)) {
        case .missing: return .invalid(reason: "BackendNotFound")
        case .noEndpoints: return .noEndpoints
        case .resolved(let upstream, let targets): return .resolved(upstream: upstream, targets: targets)
        }
    }

    /// Whether a ReferenceGrant in `toNamespace` lets HTTPRoutes of `fromNamespace` refer to the Service.
    static func granted(_ grants: [GatewayAPI.ReferenceGrant], fromNamespace: String, toNamespace: String,
                        service: String) -> Bool {
        grants.contains { grant in
            grant.namespace == toNamespace
                && grant.from.contains { $0.group == GatewayAPI.group && $0.kind == "HTTPRoute" && $0.namespace == fromNamespace }
                && grant.to.contains { $0.group.isEmpty && $0.kind == "Service" && ($0.name == nil || $0.name == service) }
        }
    }

    /// The path of a match nginx can serve: `Exact` and `PathPrefix` with a safe absolute path; nil for
    /// `RegularExpression` (not supported) and paths nginx could misread.
    static func gatewayPath(_ match: GatewayAPI.Match) -> GatewayRouteEntry.Path? {
        guard match.path.hasPrefix("/"), !match.path.contains("//"), isSafePath(match.path) else { return nil }
        switch match.pathType {
        case "Exact":
            return .exact(match.path)
        case "PathPrefix":
            var trimmed = match.path
            while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
            return .prefix(trimmed)
        default:
            return nil
        }
    }

    /// The method, header and query conditions of a match; nil when one cannot be rendered safely (a
    /// `RegularExpression` type, names outside `[A-Za-z0-9_-]`, values with quotes, backslashes or `$`).
    /// Of repeated header or query names only the first counts, as the spec says.
    static func gatewayConditions(_ match: GatewayAPI.Match) -> [NginxRequestCondition]? {
        var conditions: [NginxRequestCondition] = []
        if let method = match.method {
            guard !method.isEmpty, method.allSatisfy({ $0.isASCII && $0.isUppercase }) else { return nil }
            conditions.append(.method(method))
        }
        for (list, make) in [(match.headers, NginxRequestCondition.header), (match.queryParams, NginxRequestCondition.query)] {
            var seen: Set<String> = []
            for entry in list {
                guard entry.type == "Exact", isSafeName(entry.name), isSafeValue(entry.value) else { return nil }
                guard seen.insert(entry.name.lowercased()).inserted else { continue }
                conditions.append(make(entry.name, entry.value))
            }
        }
        return conditions
    }

    /// Whether a header or query parameter name is `[A-Za-z0-9_-]+`.
    static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    /// Whether a value can sit in a double-quoted nginx string as it is: printable ASCII without `"`, `\`, `$`.
    static func isSafeValue(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.allSatisfy { byte in
            byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "$")
        }
    }
}
