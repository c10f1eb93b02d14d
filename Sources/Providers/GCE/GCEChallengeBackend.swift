import KubeLegoCore
public import KubeLegoKube

/// The challenge Service and Endpoints the GCE provider keeps in each namespace that needs them, as pure
/// functions: a selector-less NodePort Service (so Kubernetes leaves its Endpoints alone) whose Endpoints point
/// at this pod (`LEGO_POD_IP`:`LEGO_PORT`).
public struct GCEChallengeBackend: Sendable, Hashable {
    /// `LEGO_SERVICE_NAME_GCE`: the name of both objects.
    public let name: String
    /// `LEGO_PORT`: the Service port, its target port and the Endpoints port.
    public let port: Int
    /// `LEGO_POD_IP`: the address in the Endpoints.
    public let podIP: String

    /// Makes the description for one name, port and pod IP.
    public init(name: String, port: Int, podIP: String) {
        self.name = name
        self.port = port
        self.podIP = podIP
    }

    /// True when labels or annotations carry kube-lego's managed marker.
    public static func isManaged(_ metadata: ObjectMeta) -> Bool {
        Markers.isManaged(labels: metadata.labels.dictionary, annotations: metadata.annotations.dictionary)
    }

    /// A new Service in `namespace`.
    public func newService(namespace: String) -> Service {
        var service = Service(name: name, namespace: namespace)
        Markers.mark(&service.metadata)
        correct(&service)
        return service
    }

    /// A new Endpoints object in `namespace`.
    public func newEndpoints(namespace: String) -> Endpoints {
        var endpoints = Endpoints(name: name, namespace: namespace)
        Markers.mark(&endpoints.metadata)
        correct(&endpoints)
        return endpoints
    }

    /// Makes `service` a selector-less NodePort Service with one TCP port; an allocated nodePort is kept.
    public func correct(_ service: inout Service) {
        if service.type != "NodePort" { service.type = "NodePort" }
        if var spec = service.raw["spec"]?.objectValue, spec["selector"] != nil {
            spec["selector"] = nil
            service.raw["spec"] = .object(spec)
        }
        let current = service.ports
        if current.count == 1, let only = current.first, only.port == port, only.targetPort == .number(port),
            only.transportProtocol == "TCP", only.name == "http" {
            return
        }
        var wanted = ServicePort(name: "http", port: port, targetPort: port)
        wanted.raw["protocol"] = "TCP"
        wanted.nodePort = current.first?.nodePort
        service.ports = [wanted]
    }

    /// Points `endpoints` at this pod only; an object already pointing there is left unchanged.
    public func correct(_ endpoints: inout Endpoints) {
        let desired: JSONValue = [[
            "addresses": [["ip": .string(podIP)]],
            "ports": [["name": "http", "port": .int(port), "protocol": "TCP"]],
        ]]
        if endpoints.raw["subsets"] != desired { endpoints.raw["subsets"] = desired }
    }

}
