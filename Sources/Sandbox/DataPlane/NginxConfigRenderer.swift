public import KubeLegoKube

/// Turns Ingresses into an nginx `http`-block fragment the way ingress-nginx merges them. Pure: no I/O.
///
/// One `server` per host across all served Ingresses; rules without a host go to the default server, which
/// answers 404 otherwise. Each path is a `location`: `Exact` → `location = /p`, `Prefix` → `location = /p` plus
/// `location /p/` (element-wise prefix, as networking.k8s.io/v1 defines it), `ImplementationSpecific` → a plain
/// nginx prefix `location /p`. nginx picks exact matches first, then the longest prefix. When two Ingresses
/// claim the same location, the older one (creationTimestamp, then namespace/name) wins, as in ingress-nginx.
/// A backend is a Service port (number or name) in the Ingress's namespace, resolved through that Service's
/// Endpoints to `proxy_pass` targets; no ready address gives 503. A host with no matching path gets 404.
/// Hosts and paths nginx could misread (spaces, quotes, braces, `;`, `$`) are left out.
/// `spec.defaultBackend` is not rendered.
///
/// Gateway API: HTTPRoutes attached to the HTTP listeners of Gateways of `gatewayClasses` are rendered too
/// (`GatewayAttachments`, `NginxRouteTable+Gateway`), every listener on the one `listen` address whatever port
/// it names; HTTPS and TLS listeners are not served. Path matches `Exact` and `PathPrefix` with method,
/// header and query `Exact` matches follow the spec's precedence across all routes of a host; regular
/// expressions and filters are not supported. Backends are Services, cross-namespace only with a
/// ReferenceGrant; an invalid backend answers 500, one without ready addresses 503. A host served by both
/// Ingresses and HTTPRoutes gets one `server` with both's locations; where both claim the same location
/// the Ingress wins (Ingresses are added first).
public struct NginxConfigRenderer: Sendable {
    /// `address:port` every server listens on.
    public var listen: String
    /// The ingress classes served (lowercased).
    public var classes: Set<String>
    /// Whether Ingresses naming no class at all are served (kube-lego's default class is nginx).
    public var servesIngressesWithoutClass: Bool
    /// The GatewayClass names whose Gateways are served.
    public var gatewayClasses: Set<String>

    /// A renderer for servers on `listen` serving the Ingresses of `classes` and the Gateways of `gatewayClasses`.
    public init(listen: String, classes: Set<String> = ["nginx"], servesIngressesWithoutClass: Bool = true,
                gatewayClasses: Set<String> = ["sandbox"]) {
        self.listen = listen
        self.classes = Set(classes.map { $0.lowercased() })
        self.servesIngressesWithoutClass = servesIngressesWithoutClass
        self.gatewayClasses = gatewayClasses
    }

    /// The configuration fragment for the served Ingresses among `ingresses` and the HTTPRoutes attached to
    /// served Gateways among `gatewayAPI`.
    public func render(
        ingresses: [Ingress], services: [Service], endpoints: [Endpoints], gatewayAPI: NginxGatewayObjects = NginxGatewayObjects()
    ) -> String {
        var table = NginxRouteTable(services: services, endpoints: endpoints)
        for ingress in ingresses.filter(serves).sorted(by: Self.olderFirst) {
            table.add(ingress)
        }
        let attachments = gatewayAPI.attachments(classes: gatewayClasses)
        table.add(gatewayRoutes: attachments.served, grants: gatewayAPI.referenceGrants.map(GatewayAPI.ReferenceGrant.init))
        return text(table)
    }

    /// Whether the Ingress belongs to a served class (`spec.ingressClassName` or the class annotation).
    public func serves(_ ingress: Ingress) -> Bool {
        let named = ingress.metadata.annotations["kubernetes.io/ingress.class"] ?? ingress.ingressClassName
        guard let named else { return servesIngressesWithoutClass }
        return classes.contains(named.lowercased())
    }

    static func olderFirst(_ lhs: Ingress, _ rhs: Ingress) -> Bool {
        let left = (lhs.metadata.creationTimestamp ?? "", lhs.namespace ?? "", lhs.name)
        let right = (rhs.metadata.creationTimestamp ?? "", rhs.namespace ?? "", rhs.name)
        return left < right
    }

    private func text(_ table: NginxRouteTable) -> String {
        var out = "# Rendered by the kube-lego sandbox from its Ingresses and HTTPRoutes; do not edit.\n"
        for upstream in table.upstreams.keys.sorted() {
            out += "upstream \(upstream) {\n"
            for target in table.upstreams[upstream] ?? [] { out += "    server \(target);\n" }
            out += "}\n"
        }
        out += server(name: nil, table.defaultServer)
        for host in table.servers.keys.sorted() {
            out += server(name: host, table.servers[host] ?? [:])
        }
        return out
    }

    private func server(name: String?, _ locations: [String: NginxRouteTable.Target]) -> String {
        var out = "server {\n"
        out += name == nil ? "    listen \(listen) default_server;\n    server_name _;\n"
                           : "    listen \(listen);\n    server_name \(name ?? "");\n"
        for location in locations.keys.sorted() {
            out += "    location \(location) {\n"
            out += Self.body(locations[location] ?? .noEndpoints)
            out += "    }\n"
        }
        if locations["/"] == nil { out += "    location / {\n        return 404;\n    }\n" }
        out += "}\n"
        return out
    }
}
