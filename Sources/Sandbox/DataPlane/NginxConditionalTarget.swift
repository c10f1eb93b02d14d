/// One HTTPRoute match inside an nginx location whose requests need more than the path to decide: the
/// conditions that must all hold, and where the request goes when they do.
struct NginxConditionalTarget: Hashable {
    /// The conditions, all required; empty for a match on the path alone.
    var conditions: [NginxRequestCondition]
    /// Where the request goes (never itself conditional).
    var target: NginxRouteTable.Target
}

/// A request condition nginx can test with `if` on a variable.
enum NginxRequestCondition: Hashable {
    /// `$request_method` equals the method.
    case method(String)
    /// The header (`$http_<name>`, name lowercased with `-` as `_`) equals the value.
    case header(name: String, value: String)
    /// The query parameter (`$arg_<name>`; nginx compares parameter names case-insensitively) equals the value.
    case query(name: String, value: String)

    /// The nginx variable tested.
    var variable: String {
        switch self {
        case .method: "$request_method"
        case .header(let name, _): "$http_" + String(name.lowercased().map { $0 == "-" ? "_" : $0 })
        case .query(let name, _): "$arg_" + name
        }
    }

    /// The value required.
    var value: String {
        switch self {
        case .method(let method): method
        case .header(_, let value), .query(_, let value): value
        }
    }
}
