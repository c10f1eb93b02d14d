import KubeLegoKube

/// The merged routes of the served Ingresses and HTTPRoutes: locations per host and the upstreams they proxy to.
struct NginxRouteTable {
    /// Where a location sends requests.
    enum Target: Hashable {
        /// An `upstream` block by name.
        case upstream(String)
        /// The backend Service has no ready address (or, for an Ingress, does not exist): 503.
        case noEndpoints
        /// A fixed answer: 500 for an HTTPRoute rule whose backends are all invalid.
        case status(Int)
        /// HTTPRoute matches with method, header or query conditions, highest precedence first: the first
        /// whose conditions hold answers; 404 when none does.
        case conditional([NginxConditionalTarget])
    }

    /// What one Service port of a backend resolves to.
    enum ServiceResolution: Hashable {
        /// No such Service, or no such port on it.
        case missing
        /// The Service port exists but nothing ready stands behind it.
        case noEndpoints
        /// The upstream's name and its `address:port` targets.
        case resolved(upstream: String, targets: [String])
    }

    /// Locations (`= /p`, `/p/`, `/p`) of each host, first claim wins.
    var servers: [String: [String: Target]] = [:]
    /// Locations of host-less rules, served by the default server.
    var defaultServer: [String: Target] = [:]
    /// Upstream name → `address:port` targets (optionally followed by ` weight=N`).
    var upstreams: [String: [String]] = [:]

    private let services: [String: Service]
    private let endpoints: [String: Endpoints]

    init(services: [Service], endpoints: [Endpoints]) {
        self.services = Dictionary(services.map { ("\($0.namespace ?? "")/\($0.name)", $0) }, uniquingKeysWith: { first, _ in first })
        self.endpoints = Dictionary(endpoints.map { ("\($0.namespace ?? "")/\($0.name)", $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Adds an Ingress's rules; locations already claimed by an older Ingress are kept.
    mutating func add(_ ingress: Ingress) {
        let namespace = ingress.namespace ?? "default"
        // Exact paths claim `= /p` before Prefix paths of the same Ingress do (Exact wins in the API's rules).
        let order = ["Exact": 0, "Prefix": 1, "ImplementationSpecific": 2]
        for rule in ingress.rules {
            let host = rule.host?.lowercased()
            if let host {
                guard Self.isSafeHost(host) else { continue }
                if servers[host] == nil { servers[host] = [:] }
            }
            let paths = rule.paths.sorted { order[$0.pathType ?? "", default: 3] < order[$1.pathType ?? "", default: 3] }
            for path in paths {
                guard let locations = Self.locations(path: path.path ?? "/", type: path.pathType ?? "ImplementationSpecific")
                else { continue }
                let target = resolve(path.backend, namespace: namespace)
                for location in locations { claim(location, target, host: host) }
            }
        }
    }

    private mutating func claim(_ location: String, _ target: Target, host: String?) {
        if let host {
            if servers[host]?[location] == nil { servers[host, default: [:]][location] = target }
        } else if defaultServer[location] == nil {
            defaultServer[location] = target
        }
    }

    /// nginx locations for an Ingress path, or nil when the path is unusable.
    static func locations(path: String, type: String) -> [String]? {
        guard path.hasPrefix("/"), isSafePath(path) else { return nil }
        switch type {
        case "Exact":
            return ["= \(path)"]
        case "Prefix":
            var trimmed = path
            while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
            return trimmed == "/" ? ["/"] : ["= \(trimmed)", "\(trimmed)/"]
        default:
            return [path]
        }
    }

    /// Resolves an Ingress's Service backend through its Endpoints into an upstream; 503 for anything missing.
    private mutating func resolve(_ backend: IngressBackend, namespace: String) -> Target {
        guard let name = backend.serviceName, let reference = backend.servicePort else { return .noEndpoints }
        switch resolveService(namespace: namespace, name: name, port: reference) {
        case .missing, .noEndpoints:
            return .noEndpoints
        case .resolved(let upstream, let targets):
            upstreams[upstream] = targets
            return .upstream(upstream)
        }
    }

    /// Resolves a Service port (by number or name) through the Service's Endpoints: the Endpoints port of the
    /// same name (or the only one), at every ready address.
    func resolveService(namespace: String, name: String, port reference: ServicePortReference) -> ServiceResolution {
        guard let service = services["\(namespace)/\(name)"] else { return .missing }
        let servicePort = service.ports.first { port in
            switch reference {
            case .number(let number): port.port == number
            case .name(let wanted): port.name == wanted
            }
        }
        guard let servicePort else { return .missing }
        guard let endpoints = endpoints["\(namespace)/\(name)"] else { return .noEndpoints }
        var targets: [String] = []
        for subset in endpoints.subsets {
            let port = subset.ports.first { $0.name == servicePort.name || ((servicePort.name ?? "").isEmpty && $0.name == nil) }
                ?? (subset.ports.count == 1 ? subset.ports.first : nil)
            guard let port else { continue }
            for address in subset.addresses where Self.isSafeAddress(address) {
                targets.append(address.contains(":") ? "[\(address)]:\(port.port)" : "\(address):\(port.port)")
            }
        }
        guard !targets.isEmpty else { return .noEndpoints }
        let portText = (servicePort.name?.isEmpty == false ? servicePort.name : nil) ?? String(servicePort.port ?? 0)
        let upstream = Self.upstreamName(namespace: namespace, service: name, port: portText)
        return .resolved(upstream: upstream, targets: Array(Set(targets)).sorted())
    }

    static func upstreamName(namespace: String, service: String, port: String) -> String {
        let raw = "\(namespace)_\(service)_\(port)"
        return "upstream_" + String(raw.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }

    static func isSafeHost(_ host: String) -> Bool {
        !host.isEmpty && host.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "*")
        }
    }

    static func isSafeAddress(_ address: String) -> Bool {
        !address.isEmpty && address.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
        }
    }

    static func isSafePath(_ path: String) -> Bool {
        path.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || "/._~%+,:=@!-".utf8.contains(byte)
        }
    }
}
