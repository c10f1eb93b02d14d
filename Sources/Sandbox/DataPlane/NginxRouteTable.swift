import KubeLegoKube

/// The merged routes of the served Ingresses: locations per host and the upstreams they proxy to.
struct NginxRouteTable {
    /// Where a location sends requests.
    enum Target: Hashable {
        /// An `upstream` block by name.
        case upstream(String)
        /// The backend Service has no ready address (or does not exist): 503.
        case noEndpoints
    }

    /// Locations (`= /p`, `/p/`, `/p`) of each host, first claim wins.
    private(set) var servers: [String: [String: Target]] = [:]
    /// Locations of host-less rules, served by the default server.
    private(set) var defaultServer: [String: Target] = [:]
    /// Upstream name → `address:port` targets.
    private(set) var upstreams: [String: [String]] = [:]

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

    /// Resolves a Service backend through its Endpoints into an upstream.
    private mutating func resolve(_ backend: IngressBackend, namespace: String) -> Target {
        guard let name = backend.serviceName, let reference = backend.servicePort,
              let service = services["\(namespace)/\(name)"] else { return .noEndpoints }
        let servicePort = service.ports.first { port in
            switch reference {
            case .number(let number): port.port == number
            case .name(let wanted): port.name == wanted
            }
        }
        guard let servicePort, let endpoints = endpoints["\(namespace)/\(name)"] else { return .noEndpoints }
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
        upstreams[upstream] = Array(Set(targets)).sorted()
        return .upstream(upstream)
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
