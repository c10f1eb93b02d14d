import KubeLegoKube

/// Turns a gce-class Ingress into a URL map, refusing what the GCE ingress controller refuses: a path type
/// other than `ImplementationSpecific`, a glob anywhere but a trailing `/*`, a backend that is not a Service,
/// or a Service that is missing, not of type NodePort (or LoadBalancer), or lacks the named port.
struct GCEURLMapCompiler: Sendable {
    /// Looks a Service up by namespace and name.
    var service: @Sendable (_ namespace: String, _ name: String) -> Service?

    /// The URL map of `ingress`, or why it cannot be programmed.
    func compile(_ ingress: Ingress) -> Result<GCEURLMap, SandboxError> {
        let namespace = ingress.namespace ?? "default"
        let label = "\(namespace)/\(ingress.name)"
        var hosts: [String: [GCEURLMap.PathRule]] = [:]
        do throws(SandboxError) {
            for rule in ingress.rules {
                guard let host = rule.host?.lowercased() else {
                    throw invalid("a rule without a host is not supported by this emulation", label)
                }
                for entry in rule.paths {
                    let path = entry.path ?? "/"
                    guard entry.pathType == "ImplementationSpecific" else {
                        throw invalid(
                            "path \(path) of \(host): pathType \(entry.pathType ?? "none") is not supported, only ImplementationSpecific",
                            label)
                    }
                    guard path.hasPrefix("/"), !path.dropLast().contains("*"), !path.hasSuffix("*") || path.hasSuffix("/*") else {
                        throw invalid("path \(path) of \(host) is not a valid GCE path", label)
                    }
                    let backend = try resolve(entry.backend, namespace: namespace, label: label)
                    hosts[host, default: []].append(GCEURLMap.PathRule(path: path, backend: backend))
                }
            }
            let defaultBackend = try ingress.defaultBackend.map { backend throws(SandboxError) in
                try resolve(backend, namespace: namespace, label: label)
            }
            return .success(GCEURLMap(ingress: label, hosts: hosts, defaultBackend: defaultBackend))
        } catch {
            return .failure(error)
        }
    }

    private func resolve(_ backend: IngressBackend, namespace: String, label: String) throws(SandboxError) -> GCEBackendReference {
        guard let name = backend.serviceName, let port = backend.servicePort else {
            throw invalid("a backend without service name and port", label)
        }
        guard let found = service(namespace, name) else {
            throw invalid("backend Service \(namespace)/\(name) does not exist", label)
        }
        guard found.type == "NodePort" || found.type == "LoadBalancer" else {
            throw invalid(
                "backend Service \(namespace)/\(name) is of type \(found.type ?? "ClusterIP"), not NodePort", label)
        }
        let matches = found.ports.contains { servicePort in
            switch port {
            case .number(let number): servicePort.port == number
            case .name(let portName): servicePort.name == portName
            }
        }
        guard matches else {
            throw invalid("backend Service \(namespace)/\(name) has no port \(port)", label)
        }
        return GCEBackendReference(namespace: namespace, service: name, port: port)
    }

    private func invalid(_ reason: String, _ label: String) -> SandboxError {
        SandboxError(.invalid, "Ingress \(label): \(reason)", name: label, group: "networking.k8s.io", kind: "ingresses")
    }
}
