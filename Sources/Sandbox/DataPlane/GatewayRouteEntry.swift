/// One HTTPRoute match made routable: its path, its extra conditions, where it sends requests, and its place in
/// the Gateway API's precedence order.
struct GatewayRouteEntry {
    /// A path match nginx can serve.
    enum Path: Hashable {
        /// `Exact`: this path only.
        case exact(String)
        /// `PathPrefix`, trailing slashes removed (`/` for the root): the path and everything below it,
        /// element by element.
        case prefix(String)
    }

    /// An nginx location a path match needs.
    enum Location: Hashable {
        /// `location = /p`.
        case exact(String)
        /// `location /p/` (or `location /` for the root): everything below `/p`.
        case below(String)

        /// The location's text after `location`.
        var text: String {
            switch self {
            case .exact(let path): "= \(path)"
            case .below(let path): path == "/" ? "/" : "\(path)/"
            }
        }
    }

    /// The path matched.
    var path: Path
    /// Method, header and query conditions, all required.
    var conditions: [NginxRequestCondition]
    /// Where matching requests go.
    var target: NginxRouteTable.Target
    /// The hostnames the route is served for.
    var hostnames: [GatewayHostnames.Effective]
    /// The tie-breakers after the match itself: route creation time, `namespace/name`, rule index, match index.
    var order: (created: String, route: String, rule: Int, match: Int)

    /// The locations requests for this path arrive in: `= /p` and `/p/` for a prefix, `= /p` for an exact path.
    var locations: [Location] {
        switch path {
        case .exact(let value): [.exact(value)]
        case .prefix(let value): value == "/" ? [.below("/")] : [.exact(value), .below(value)]
        }
    }

    /// Whether every request nginx sends to `location` matches this entry's path, so that it is a candidate
    /// there: an exact path only in its own location, a prefix in every location at or below it.
    func covers(_ location: Location) -> Bool {
        switch (path, location) {
        case (.exact(let value), .exact(let other)): value == other
        case (.exact, .below): false
        case (.prefix(let prefix), .exact(let other)), (.prefix(let prefix), .below(let other)):
            prefix == "/" || other == prefix || other.hasPrefix(prefix + "/")
        }
    }

    /// Whether this entry takes precedence over `other` on a server where this entry's route hostname scores
    /// `mine` and the other's `theirs` (`GatewayHostnames.specificity`): hostname specificity, then exact path
    /// over prefix, longer prefix, a method, more header matches, more query matches, then the older route,
    /// `namespace/name`, rule order and match order.
    func precedes(_ other: GatewayRouteEntry, mine: (exact: Int, any: Int), theirs: (exact: Int, any: Int)) -> Bool {
        if mine.exact != theirs.exact { return mine.exact > theirs.exact }
        if mine.any != theirs.any { return mine.any > theirs.any }
        if rank != other.rank { return rank.lexicographicallyPrecedes(other.rank) }
        return (order.created, order.route, order.rule, order.match)
            < (other.order.created, other.order.route, other.order.rule, other.order.match)
    }

    /// The match's own precedence as ascending sort keys: exact first, longest prefix, method, headers, query.
    private var rank: [Int] {
        let exact: Int
        let length: Int
        switch path {
        case .exact(let value): (exact, length) = (0, value.count)
        case .prefix(let value): (exact, length) = (1, value.count)
        }
        var method = 1
        var headers = 0
        var query = 0
        for condition in conditions {
            switch condition {
            case .method: method = 0
            case .header: headers -= 1
            case .query: query -= 1
            }
        }
        return [exact, -length, method, headers, query]
    }
}
