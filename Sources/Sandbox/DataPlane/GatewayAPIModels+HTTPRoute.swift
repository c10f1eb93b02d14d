import KubeLegoKube

extension GatewayAPI {
    /// An HTTPRoute: where it attaches, for which hostnames, and its rules.
    struct HTTPRoute: Hashable {
        /// `metadata.namespace`.
        var namespace: String
        /// `metadata.name`.
        var name: String
        /// `metadata.creationTimestamp` (RFC 3339, so text order is time order); "" when absent.
        var created: String
        /// `spec.parentRefs`.
        var parentRefs: [ParentRef]
        /// `spec.hostnames`, lowercased; empty means every hostname the listener accepts.
        var hostnames: [String]
        /// `spec.rules`, in order (one rule matching every path when left out, as the CRD defaults it).
        var rules: [Rule]

        /// Reads an HTTPRoute object.
        init(_ json: JSONObject) {
            let value = JSONValue.object(json)
            let namespace = value["metadata"]?["namespace"]?.stringValue ?? "default"
            self.namespace = namespace
            name = value["metadata"]?["name"]?.stringValue ?? ""
            created = value["metadata"]?["creationTimestamp"]?.stringValue ?? ""
            parentRefs = (value["spec"]?["parentRefs"]?.arrayValue ?? []).map { ParentRef($0, routeNamespace: namespace) }
            hostnames = (value["spec"]?["hostnames"]?.arrayValue ?? []).compactMap { $0.stringValue?.lowercased() }
            let rules = value["spec"]?["rules"]?.arrayValue ?? [["matches": ObjectRules.matchEverything]]
            self.rules = rules.map(Rule.init)
        }

        /// `namespace/name`, the tie-breaker of route precedence.
        var key: String { "\(namespace)/\(name)" }
    }

    /// One entry of `spec.parentRefs`, defaults applied.
    struct ParentRef: Hashable {
        /// `group` (default `gateway.networking.k8s.io`).
        var group: String
        /// `kind` (default `Gateway`).
        var kind: String
        /// `namespace` (default the route's).
        var namespace: String
        /// `name`.
        var name: String
        /// `sectionName`: one listener by name, or nil for all.
        var sectionName: String?
        /// `port`: only listeners on this port, or nil for all.
        var port: Int?
        /// The entry as written, for `status.parents[].parentRef`.
        var raw: JSONValue

        /// Reads a parent ref of a route in `routeNamespace`.
        init(_ value: JSONValue, routeNamespace: String) {
            group = value["group"]?.stringValue ?? GatewayAPI.group
            kind = value["kind"]?.stringValue ?? "Gateway"
            namespace = value["namespace"]?.stringValue ?? routeNamespace
            name = value["name"]?.stringValue ?? ""
            sectionName = value["sectionName"]?.stringValue
            port = value["port"]?.intValue
            raw = value
        }

        /// Whether it points at a Gateway (rather than some other parent kind).
        var isGateway: Bool { group == GatewayAPI.group && kind == "Gateway" }
    }

    /// One rule: any of its matches selects it; its backends receive the request.
    struct Rule: Hashable {
        /// `matches` (every path when left out).
        var matches: [Match]
        /// `backendRefs`.
        var backendRefs: [BackendRef]

        /// Reads a rule.
        init(_ value: JSONValue) {
            let matches = value["matches"]?.arrayValue ?? [ObjectRules.matchEverything]
            self.matches = matches.map(Match.init)
            backendRefs = (value["backendRefs"]?.arrayValue ?? []).map(BackendRef.init)
        }
    }

    /// One match: a path and, all required too, a method, headers and query parameters.
    struct Match: Hashable {
        /// `path.type`: Exact, PathPrefix (default) or RegularExpression.
        var pathType: String
        /// `path.value` (default `/`).
        var path: String
        /// `method`, if any.
        var method: String?
        /// `headers` as (name, value) with their `type` (Exact by default).
        var headers: [ValueMatch]
        /// `queryParams` as (name, value) with their `type` (Exact by default).
        var queryParams: [ValueMatch]

        /// Reads a match.
        init(_ value: JSONValue) {
            pathType = value["path"]?["type"]?.stringValue ?? "PathPrefix"
            path = value["path"]?["value"]?.stringValue ?? "/"
            method = value["method"]?.stringValue
            headers = (value["headers"]?.arrayValue ?? []).map(ValueMatch.init)
            queryParams = (value["queryParams"]?.arrayValue ?? []).map(ValueMatch.init)
        }
    }

    /// A header or query parameter match.
    struct ValueMatch: Hashable {
        /// `type`: Exact (default) or RegularExpression.
        var type: String
        /// `name`.
        var name: String
        /// `value`.
        var value: String

        /// Reads a header or query parameter match.
        init(_ json: JSONValue) {
            type = json["type"]?.stringValue ?? "Exact"
            name = json["name"]?.stringValue ?? ""
            value = json["value"]?.stringValue ?? ""
        }
    }

    /// One entry of `backendRefs`, defaults applied.
    struct BackendRef: Hashable {
        /// `group` ("" for core, the default).
        var group: String
        /// `kind` (default `Service`).
        var kind: String
        /// `name`.
        var name: String
        /// `namespace`, if set (the route's otherwise).
        var namespace: String?
        /// `port`.
        var port: Int?
        /// `weight` (default 1).
        var weight: Int

        /// Reads a backend ref.
        init(_ value: JSONValue) {
            group = value["group"]?.stringValue ?? ""
            kind = value["kind"]?.stringValue ?? "Service"
            name = value["name"]?.stringValue ?? ""
            namespace = value["namespace"]?.stringValue
            port = value["port"]?.intValue
            weight = value["weight"]?.intValue ?? 1
        }
    }
}
