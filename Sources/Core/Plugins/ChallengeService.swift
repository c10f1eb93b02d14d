public import KubeLegoKube

/// The shape of a challenge Service in `LEGO_NAMESPACE` (ClusterIP, port `LEGO_PORT`) and, with leader
/// election, of its Endpoints: what every provider that routes challenges to kube-lego through a Service
/// writes (nginx's challenge Ingress and the Gateway provider's HTTPRoute point at one).
public enum ChallengeService {
    /// True when challenge traffic must reach the leader only (leader election on).
    public static func routesToLeaderOnly(_ configuration: Configuration) -> Bool { configuration.leaderElection != nil }

    /// Points `endpoints` at LEGO_POD_IP:LEGO_PORT, with the managed marker.
    public static func shape(_ endpoints: inout Endpoints, configuration: Configuration) {
        var metadata = endpoints.metadata
        Markers.mark(&metadata)
        if metadata != endpoints.metadata { endpoints.metadata = metadata }
        let desired: JSONValue = [[
            "addresses": [["ip": .string(configuration.podIP)]],
            "ports": [["port": .int(configuration.port), "protocol": "TCP"]],
        ]]
        if endpoints.raw["subsets"] != desired { endpoints.raw["subsets"] = desired }
    }

    /// Sets what kube-lego owns on the challenge Service; a matching single port is kept as the server stored it.
    public static func shape(_ service: inout Service, configuration: Configuration) {
        var metadata = service.metadata
        Markers.mark(&metadata)
        if metadata != service.metadata { service.metadata = metadata }
        if service.type != "ClusterIP" { service.type = "ClusterIP" }
        if routesToLeaderOnly(configuration) {
            if var spec = service.raw["spec"]?.objectValue, spec["selector"] != nil {
                spec["selector"] = nil
                service.raw["spec"] = .object(spec)
            }
        } else {
            let selector: StringMap = ["app": configuration.serviceSelector]
            if service.selector.dictionary != selector.dictionary { service.selector = selector }
        }
        let ports = service.ports
        let matches = ports.count == 1 && ports[0].port == configuration.port
            && ports[0].targetPort == .number(configuration.port) && ports[0].transportProtocol == "TCP"
        if !matches {
            var port = ServicePort(name: nil, port: configuration.port, targetPort: configuration.port)
            port.raw["protocol"] = "TCP"
            service.ports = [port]
        }
    }
}
