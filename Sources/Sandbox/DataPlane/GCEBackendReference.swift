import KubeLegoKube

/// A backend of a GCE URL map: a NodePort Service port in the Ingress's namespace.
struct GCEBackendReference: Sendable, Hashable, CustomStringConvertible {
    /// The Service's namespace (the Ingress's).
    var namespace: String
    /// The Service's name.
    var service: String
    /// The Service port, by number or name.
    var port: ServicePortReference

    /// Makes a reference.
    init(namespace: String, service: String, port: ServicePortReference) {
        self.namespace = namespace
        self.service = service
        self.port = port
    }

    /// "namespace/service:port".
    var description: String {
        switch port {
        case .number(let number): "\(namespace)/\(service):\(number)"
        case .name(let name): "\(namespace)/\(service):\(name)"
        }
    }
}
