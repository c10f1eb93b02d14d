import KubeLegoKube

/// A light version of what the Gateway API CRD schemas (OpenAPI and CEL rules) make kube-apiserver refuse:
/// required fields, hostname patterns, unique listener names. Answers use the server's wording for schema
/// failures (`... in body should match '<pattern>'`).
extension ObjectRules {
    /// The CRD pattern of `Hostname`: a DNS name, optionally `*.` first.
    static let hostnamePattern = #"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"#

    /// Gateway API problems of `object`; [] for other resources.
    static func gatewayAPIProblems(_ resource: ResourceType, _ object: SandboxObject) -> [SandboxError.Cause] {
        let spec = object.json["spec"]
        guard spec?.objectValue != nil else {
            return [.init(type: "FieldValueRequired", message: "Required value", field: "spec")]
        }
        switch resource {
        case .gateway: return gatewayProblems(spec)
        case .gatewayClass: return required(spec?["controllerName"], "spec.controllerName")
        case .httpRoute: return httpRouteProblems(spec)
        case .referenceGrant: return referenceGrantProblems(spec)
        default: return []
        }
    }

    /// A Gateway needs a class and at least one listener; listener names are unique and hostnames valid.
    private static func gatewayProblems(_ spec: JSONValue?) -> [SandboxError.Cause] {
        var causes = required(spec?["gatewayClassName"], "spec.gatewayClassName")
        guard let listeners = spec?["listeners"]?.arrayValue else {
            return causes + [.init(type: "FieldValueRequired", message: "Required value", field: "spec.listeners")]
        }
        if listeners.isEmpty {
            causes.append(.init(type: "FieldValueInvalid",
                                message: "Invalid value: 0: spec.listeners in body should have at least 1 items",
                                field: "spec.listeners"))
        }
        var names: Set<String> = []
        var duplicate = false
        for (index, listener) in listeners.enumerated() {
            let field = "spec.listeners[\(index)]"
            causes += required(listener["name"], "\(field).name") + required(listener["protocol"], "\(field).protocol")
            if let name = listener["name"]?.stringValue, !names.insert(name).inserted { duplicate = true }
            if let port = listener["port"]?.intValue {
                if !(1...65535).contains(port) {
                    causes.append(.init(type: "FieldValueInvalid",
                        message: "Invalid value: \(port): \(field).port in body should be between 1 and 65535",
                        field: "\(field).port"))
                }
            } else {
                causes.append(.init(type: "FieldValueRequired", message: "Required value", field: "\(field).port"))
            }
            if let hostname = listener["hostname"]?.stringValue {
                causes += hostnameProblems(hostname, field: "\(field).hostname")
            }
        }
        if duplicate {
            causes.append(.init(type: "FieldValueInvalid",
                                message: "Invalid value: \"array\": Listener name must be unique within the Gateway",
                                field: "spec.listeners"))
        }
        return causes
    }

    /// An HTTPRoute's hostnames are valid, its parent refs name something, its paths are absolute, and its
    /// Service backends name a port.
    private static func httpRouteProblems(_ spec: JSONValue?) -> [SandboxError.Cause] {
        var causes: [SandboxError.Cause] = []
        for (index, hostname) in (spec?["hostnames"]?.arrayValue ?? []).enumerated() {
            causes += hostnameProblems(hostname.stringValue ?? "", field: "spec.hostnames[\(index)]")
        }
        for (index, parent) in (spec?["parentRefs"]?.arrayValue ?? []).enumerated() {
            causes += required(parent["name"], "spec.parentRefs[\(index)].name")
        }
        for (ruleIndex, rule) in (spec?["rules"]?.arrayValue ?? []).enumerated() {
            for (matchIndex, match) in (rule["matches"]?.arrayValue ?? []).enumerated() {
                let field = "spec.rules[\(ruleIndex)].matches[\(matchIndex)].path"
                causes += pathProblems(match["path"], field: field)
            }
            for (backendIndex, backend) in (rule["backendRefs"]?.arrayValue ?? []).enumerated() {
                let field = "spec.rules[\(ruleIndex)].backendRefs[\(backendIndex)]"
                causes += required(backend["name"], "\(field).name")
                let core = (backend["group"]?.stringValue ?? "") == "" && (backend["kind"]?.stringValue ?? "Service") == "Service"
                if core, backend["port"]?.intValue == nil {
                    causes.append(.init(type: "FieldValueInvalid",
                                        message: "Invalid value: \"object\": Must have port for Service reference",
                                        field: field))
                }
            }
        }
        return causes
    }

    /// A ReferenceGrant needs at least one `from` (with a namespace) and one `to`.
    private static func referenceGrantProblems(_ spec: JSONValue?) -> [SandboxError.Cause] {
        var causes: [SandboxError.Cause] = []
        for list in ["from", "to"] {
            guard let entries = spec?[list]?.arrayValue else {
                causes.append(.init(type: "FieldValueRequired", message: "Required value", field: "spec.\(list)"))
                continue
            }
            if entries.isEmpty {
                causes.append(.init(type: "FieldValueInvalid",
                                    message: "Invalid value: 0: spec.\(list) in body should have at least 1 items",
                                    field: "spec.\(list)"))
            }
            for (index, entry) in entries.enumerated() {
                causes += required(entry["kind"], "spec.\(list)[\(index)].kind")
                if entry["group"]?.stringValue == nil {
                    causes.append(.init(type: "FieldValueRequired", message: "Required value", field: "spec.\(list)[\(index)].group"))
                }
                if list == "from" { causes += required(entry["namespace"], "spec.from[\(index)].namespace") }
            }
        }
        return causes
    }

    /// `Exact` and `PathPrefix` values start with `/`; the type is one the API defines.
    private static func pathProblems(_ path: JSONValue?, field: String) -> [SandboxError.Cause] {
        let type = path?["type"]?.stringValue ?? "PathPrefix"
        guard ["Exact", "PathPrefix", "RegularExpression"].contains(type) else {
            return [.init(type: "FieldValueNotSupported",
                          message: "Unsupported value: \"\(type)\": supported values: \"Exact\", \"PathPrefix\", \"RegularExpression\"",
                          field: "\(field).type")]
        }
        let value = path?["value"]?.stringValue ?? "/"
        if type != "RegularExpression", !value.hasPrefix("/") || value.contains("//") {
            return [.init(type: "FieldValueInvalid",
                          message: "Invalid value: \"object\": value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
                          field: field)]
        }
        return []
    }

    /// A Gateway API `Hostname`: the CRD's pattern, and never an IP address.
    private static func hostnameProblems(_ hostname: String, field: String) -> [SandboxError.Cause] {
        guard ruleHostProblem(hostname) != nil || hostname.utf8.count > 253 else { return [] }
        return [.init(type: "FieldValueInvalid",
                      message: "Invalid value: \"\(hostname)\": \(field) in body should match '\(hostnamePattern)'",
                      field: field)]
    }

    /// A required string member: present and not empty.
    private static func required(_ value: JSONValue?, _ field: String) -> [SandboxError.Cause] {
        if let text = value?.stringValue, !text.isEmpty { return [] }
        return [.init(type: "FieldValueRequired", message: "Required value", field: field)]
    }
}
