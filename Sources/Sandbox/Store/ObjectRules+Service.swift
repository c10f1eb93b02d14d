import KubeLegoKube

extension ObjectRules {
    /// Service defaults as the real server applies them: `type: ClusterIP`, `sessionAffinity: None`, ports with
    /// `protocol: TCP` and `targetPort` = `port`, and a cluster IP (allocated on create, kept on update when
    /// the client omits it). `clusterIP` cannot change (422).
    static func serviceDefaults(
        _ input: SandboxObject, old: SandboxObject?, allocateIP: () -> String
    ) throws(SandboxError) -> SandboxObject {
        var object = input
        var spec = object.json["spec"]?.objectValue ?? JSONObject()
        if spec["type"] == nil { spec["type"] = "ClusterIP" }
        if spec["sessionAffinity"] == nil { spec["sessionAffinity"] = "None" }
        if let ports = spec["ports"]?.arrayValue {
            spec["ports"] = .array(ports.map { port in
                guard var fields = port.objectValue else { return port }
                if fields["protocol"] == nil { fields["protocol"] = "TCP" }
                if fields["targetPort"] == nil, let number = fields["port"] { fields["targetPort"] = number }
                return .object(fields)
            })
        }
        let oldIP = old?.json["spec"]?["clusterIP"]
        if spec["clusterIP"] == nil || spec["clusterIP"] == "" {
            var ip: JSONValue? = oldIP
            if ip == nil, spec["type"] != "ExternalName" { ip = .string(allocateIP()) }
            spec["clusterIP"] = ip
            if let ip, spec["clusterIPs"] == nil { spec["clusterIPs"] = .array([ip]) }
        } else if let oldIP, spec["clusterIP"] != oldIP {
            throw SandboxError.invalid(.service, object.name, [.init(
                type: "FieldValueInvalid",
                message: "Invalid value: \(spec["clusterIP"]?.stringValue.map { "\"\($0)\"" } ?? "null"): field is immutable",
                field: "spec.clusterIP")])
        }
        if spec["clusterIPs"] == nil, let oldIPs = old?.json["spec"]?["clusterIPs"] { spec["clusterIPs"] = oldIPs }
        object.json["spec"] = .object(spec)
        return object
    }
}
