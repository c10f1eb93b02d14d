import KubeLegoKube

/// The parts of the Gateway API objects the nginx data plane routes by, read from their raw JSON. Private to
/// the sandbox on purpose: it reads what a Gateway API implementation reads, defaults included, and needs no
/// typed models elsewhere. Missing or mistyped fields read as absent, never as a crash.
enum GatewayAPI {
    /// The API group of Gateway, HTTPRoute and ReferenceGrant.
    static let group = ResourceType.gatewayAPIGroup

    /// A Gateway and its listeners.
    struct Gateway: Hashable {
        /// `metadata.namespace`.
        var namespace: String
        /// `metadata.name`.
        var name: String
        /// `spec.gatewayClassName`.
        var className: String
        /// `spec.listeners`, in order.
        var listeners: [Listener]

        /// Reads a Gateway object.
        init(_ json: JSONObject) {
            let value = JSONValue.object(json)
            namespace = value["metadata"]?["namespace"]?.stringValue ?? "default"
            name = value["metadata"]?["name"]?.stringValue ?? ""
            className = value["spec"]?["gatewayClassName"]?.stringValue ?? ""
            listeners = (value["spec"]?["listeners"]?.arrayValue ?? []).map(Listener.init)
        }
    }

    /// One listener of a Gateway.
    struct Listener: Hashable {
        /// `name` (the `sectionName` routes attach to).
        var name: String
        /// `hostname`, lowercased; nil accepts every host.
        var hostname: String?
        /// `port`.
        var port: Int?
        /// `protocol`: HTTP, HTTPS, TLS, TCP, UDP.
        var transport: String
        /// `allowedRoutes.namespaces.from`: Same (default), All or Selector.
        var namespacesFrom: String
        /// `allowedRoutes.namespaces.selector`, for `Selector`.
        var namespaceSelector: JSONValue?
        /// `allowedRoutes.kinds` as (group, kind); nil when not set.
        var allowedKinds: [RouteGroupKind]?

        /// Reads a listener entry.
        init(_ value: JSONValue) {
            name = value["name"]?.stringValue ?? ""
            hostname = value["hostname"]?.stringValue?.lowercased()
            port = value["port"]?.intValue
            transport = value["protocol"]?.stringValue ?? ""
            let allowed = value["allowedRoutes"]
            namespacesFrom = allowed?["namespaces"]?["from"]?.stringValue ?? "Same"
            namespaceSelector = allowed?["namespaces"]?["selector"]
            allowedKinds = allowed?["kinds"]?.arrayValue?.map {
                RouteGroupKind(group: $0["group"]?.stringValue ?? GatewayAPI.group, kind: $0["kind"]?.stringValue ?? "")
            }
        }

        /// Whether the listener takes HTTPRoutes: the kinds it allows name HTTPRoute, or, when unset, its
        /// protocol is HTTP or HTTPS (whose default route kind is HTTPRoute).
        var allowsHTTPRoutes: Bool {
            guard let allowedKinds else { return transport == "HTTP" || transport == "HTTPS" }
            return allowedKinds.contains(RouteGroupKind(group: GatewayAPI.group, kind: "HTTPRoute"))
        }
    }

    /// A route kind a listener allows.
    struct RouteGroupKind: Hashable {
        /// API group (`gateway.networking.k8s.io` when left out).
        var group: String
        /// Kind (`HTTPRoute`).
        var kind: String
    }

    /// A ReferenceGrant: who (`from`) may refer to what (`to`) in its namespace.
    struct ReferenceGrant: Hashable {
        /// One `from` entry.
        struct From: Hashable {
            /// API group of the referring kind.
            var group: String
            /// The referring kind (`HTTPRoute`).
            var kind: String
            /// The namespace the references may come from.
            var namespace: String
        }
        /// One `to` entry.
        struct To: Hashable {
            /// API group of the referenced kind ("" for core).
            var group: String
            /// The referenced kind (`Service`).
            var kind: String
            /// The one object allowed, or nil for every object of the kind.
            var name: String?
        }

        /// The namespace whose objects it opens.
        var namespace: String
        /// `spec.from`.
        var from: [From]
        /// `spec.to`.
        var to: [To]

        /// Reads a ReferenceGrant object.
        init(_ json: JSONObject) {
            let value = JSONValue.object(json)
            namespace = value["metadata"]?["namespace"]?.stringValue ?? "default"
            from = (value["spec"]?["from"]?.arrayValue ?? []).map {
                From(group: $0["group"]?.stringValue ?? "", kind: $0["kind"]?.stringValue ?? "",
                     namespace: $0["namespace"]?.stringValue ?? "")
            }
            to = (value["spec"]?["to"]?.arrayValue ?? []).map {
                To(group: $0["group"]?.stringValue ?? "", kind: $0["kind"]?.stringValue ?? "",
                   name: $0["name"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 })
            }
        }
    }
}
