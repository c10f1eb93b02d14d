/// The directives inside one `location` block.
extension NginxConfigRenderer {
    /// The body of a location sending requests to `target`.
    static func body(_ target: NginxRouteTable.Target) -> String {
        switch target {
        case .upstream(let upstream): "        proxy_set_header Host $host;\n        proxy_pass http://\(upstream);\n"
        case .noEndpoints: "        return 503;\n"
        case .status(let code): "        return \(code);\n"
        case .conditional(let chain): conditionalBody(chain)
        }
    }

    /// A location choosing among HTTPRoute matches by method, headers and query parameters.
    ///
    /// nginx has no `and` in `if`, so each candidate, from the lowest precedence up, sets `$gateway_match` and
    /// clears it for each condition that fails, then names its target in `$gateway_target`; the highest
    /// candidate whose conditions all hold names it last. Only `set` and `return` sit inside `if` blocks,
    /// the uses nginx documents as safe. No candidate: 404, as the spec requires.
    static func conditionalBody(_ chain: [NginxConditionalTarget]) -> String {
        var out = "        set $gateway_target \"\";\n"
        for candidate in chain.reversed() {
            let token = self.token(candidate.target)
            if candidate.conditions.isEmpty {
                out += "        set $gateway_target \"\(token)\";\n"
                continue
            }
            out += "        set $gateway_match 1;\n"
            for condition in candidate.conditions {
                out += "        if (\(condition.variable) != \"\(condition.value)\") { set $gateway_match 0; }\n"
            }
            out += "        if ($gateway_match) { set $gateway_target \"\(token)\"; }\n"
        }
        out += "        if ($gateway_target = \"\") { return 404; }\n"
        for code in Set(chain.compactMap { status(of: $0.target) }).sorted() {
            out += "        if ($gateway_target = \"status_\(code)\") { return \(code); }\n"
        }
        out += "        proxy_set_header Host $host;\n        proxy_pass http://$gateway_target;\n"
        return out
    }

    /// The value `$gateway_target` takes for a target: the upstream's name or `status_<code>`.
    private static func token(_ target: NginxRouteTable.Target) -> String {
        if case .upstream(let upstream) = target { return upstream }
        return "status_\(status(of: target) ?? 500)"
    }

    /// The fixed status a target answers with, if it is not an upstream.
    private static func status(of target: NginxRouteTable.Target) -> Int? {
        switch target {
        case .upstream: nil
        case .noEndpoints: 503
        case .status(let code): code
        case .conditional: 500 // never nested; a nested chain would be a bug, answered as a server error
        }
    }
}
