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
public struct NginxConfigRenderer: Sendable {
    /// `address:port` every server listens on.
    public var listen: String
    /// The ingress classes served (lowercased).
    public var classes: Set<String>
    /// Whether Ingresses naming no class at all are served (kube-lego's default class is nginx).
    public var servesIngressesWithoutClass: Bool

    /// A renderer for servers on `listen` serving `classes`.
    public init(listen: String, classes: Set<String> = ["nginx"], servesIngressesWithoutClass: Bool = true) {
        self.listen = listen
        self.classes = Set(classes.map { $0.lowercased() })
        self.servesIngressesWithoutClass = servesIngressesWithoutClass
    }

    /// The configuration fragment for the served Ingresses among `ingresses`.
    public func render(ingresses: [Ingress], services: [Service], endpoints: [Endpoints]) -> String {
        var table = NginxRouteTable(services: services, endpoints: endpoints)
        for ingress in ingresses.filter(serves).sorted(by: Self.olderFirst) {
            table.add(ingress)
        }
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
        var out = "# Rendered by the kube-lego sandbox from its Ingresses; do not edit.\n"
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
            switch locations[location] {
            case .upstream(let upstream):
                out += "        proxy_set_header Host $host;\n        proxy_pass http://\(upstream);\n"
            case .noEndpoints, nil:
                out += "        return 503;\n"
            }
            out += "    }\n"
        }
        if locations["/"] == nil { out += "    location / {\n        return 404;\n    }\n" }
        out += "}\n"
        return out
    }
}
