import KubeLegoKube

extension ObjectRules {
    /// 422 Invalid with every failing field, as the real server reports it.
    static func validate(_ resource: ResourceType, _ object: SandboxObject, old: SandboxObject?) throws(SandboxError) {
        var causes: [SandboxError.Cause] = []
        let name = object.name
        if name.isEmpty {
            causes.append(.init(type: "FieldValueRequired", message: "Required value: name or generateName is required",
                                field: "metadata.name"))
        } else if let problem = resource == .namespace ? ObjectNameRules.dns1123LabelProblem(name) : ObjectNameRules.dns1123SubdomainProblem(name) {
            causes.append(.init(type: "FieldValueInvalid", message: "Invalid value: \"\(name)\": \(problem)",
                                field: "metadata.name"))
        }
        causes += labelProblems(object)
        switch resource {
        case .secret: causes += secretProblems(object, old: old) + immutabilityProblems(object, old: old)
        case .configMap: causes += immutabilityProblems(object, old: old)
        case .ingress: causes += ingressProblems(object)
        case .gateway, .gatewayClass, .httpRoute, .referenceGrant: causes += gatewayAPIProblems(resource, object)
        default: break
        }
        if !causes.isEmpty { throw SandboxError.invalid(resource, name, causes) }
    }

    /// Secret rules: base64 data with valid keys, immutable type, TLS keys present.
    static func secretProblems(_ object: SandboxObject, old: SandboxObject?) -> [SandboxError.Cause] {
        var causes: [SandboxError.Cause] = []
        let data = object.json["data"]?.objectValue ?? JSONObject()
        for (key, value) in data {
            let keyBytes = Array(key.utf8)
            let validKey = !keyBytes.isEmpty && keyBytes.count <= 253 && keyBytes.allSatisfy {
                (0x61...0x7A).contains($0) || (0x41...0x5A).contains($0) || (0x30...0x39).contains($0)
                    || $0 == 0x2D || $0 == 0x2E || $0 == 0x5F
            }
            if !validKey {
                causes.append(.init(type: "FieldValueInvalid",
                    message: "Invalid value: \"\(key)\": a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                    field: "data[\(key)]"))
            }
            if value.stringValue.flatMap(Base64.decode) == nil && !value.isNull {
                causes.append(.init(type: "FieldValueInvalid", message: "Invalid value: illegal base64 data",
                                    field: "data[\(key)]"))
            }
        }
        let type = object.json["type"]?.stringValue ?? "Opaque"
        if let old, let oldType = old.json["type"]?.stringValue, oldType != type {
            causes.append(.init(type: "FieldValueInvalid", message: "Invalid value: \"\(type)\": field is immutable",
                                field: "type"))
        }
        if type == "kubernetes.io/tls" {
            for key in ["tls.crt", "tls.key"] where data[key] == nil {
                causes.append(.init(type: "FieldValueRequired", message: "Required value", field: "data[\(key)]"))
            }
        }
        return causes
    }

    /// Ingress rules: every HTTP path needs a supported `pathType` (networking.k8s.io/v1).
    /// kube-apiserver's rule for `spec.rules[].host`: a DNS-1123 subdomain, optionally `*.` first, never an IP.
    /// (`spec.tls[].hosts` is not validated at all: that is kube-lego's job.)
    static func ruleHostProblem(_ host: String) -> String? {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        if host.contains(":") || (parts.count == 4 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }) {
            return "must be a DNS name, not an IP address"
        }
        if host.hasPrefix("*.") {
            return ObjectNameRules.dns1123SubdomainProblem(String(host.dropFirst(2))).map {
                "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain (\($0))"
            }
        }
        return ObjectNameRules.dns1123SubdomainProblem(host)
    }

    static func ingressProblems(_ object: SandboxObject) -> [SandboxError.Cause] {
        var causes: [SandboxError.Cause] = []
        let supported = ["Exact", "ImplementationSpecific", "Prefix"]
        let rules = object.json["spec"]?["rules"]?.arrayValue ?? []
        for (ruleIndex, rule) in rules.enumerated() {
            if let host = rule["host"]?.stringValue, let problem = ruleHostProblem(host) {
                causes.append(.init(type: "FieldValueInvalid", message: "Invalid value: \"\(host)\": \(problem)",
                                    field: "spec.rules[\(ruleIndex)].host"))
            }
            for (pathIndex, path) in (rule["http"]?["paths"]?.arrayValue ?? []).enumerated() {
                let field = "spec.rules[\(ruleIndex)].http.paths[\(pathIndex)].pathType"
                guard let pathType = path["pathType"]?.stringValue else {
                    causes.append(.init(type: "FieldValueRequired",
                                        message: "Required value: pathType must be specified", field: field))
                    continue
                }
                if !supported.contains(pathType) {
                    causes.append(.init(type: "FieldValueNotSupported",
                        message: "Unsupported value: \"\(pathType)\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\"",
                        field: field))
                }
            }
        }
        return causes
    }

    /// Label values: at most 63 characters, alphanumeric at both ends, `-`, `_`, `.` inside; keys are
    /// an optional DNS subdomain prefix and a name of the same shape.
    static func labelProblems(_ object: SandboxObject) -> [SandboxError.Cause] {
        var causes: [SandboxError.Cause] = []
        for (key, value) in object.metadata["labels"]?.objectValue ?? JSONObject() {
            let name = key.split(separator: "/", maxSplits: 1).last.map(String.init) ?? ""
            let prefix = key.contains("/") ? String(key.split(separator: "/", maxSplits: 1)[0]) : nil
            if !isLabelToken(name, allowEmpty: false) || prefix.map({ ObjectNameRules.dns1123SubdomainProblem($0) != nil }) == true {
                causes.append(.init(type: "FieldValueInvalid", message: "Invalid value: \"\(key)\": name part must "
                    + "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
                    + "character", field: "metadata.labels"))
            }
            guard let text = value.stringValue else {
                causes.append(.init(type: "FieldValueInvalid", message: "Invalid value: label values must be strings",
                                    field: "metadata.labels"))
                continue
            }
            if !isLabelToken(text, allowEmpty: true) {
                causes.append(.init(type: "FieldValueInvalid", message: "Invalid value: \"\(text)\": a valid label "
                    + "must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start "
                    + "and end with an alphanumeric character, at most 63 characters", field: "metadata.labels"))
            }
        }
        return causes
    }

    /// Whether text is a label name or value: ≤ 63 of `[A-Za-z0-9-_.]`, alphanumeric at both ends.
    static func isLabelToken(_ text: String, allowEmpty: Bool) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last else { return allowEmpty }
        let alnum: (UInt8) -> Bool = {
            (0x61...0x7A).contains($0) || (0x41...0x5A).contains($0) || (0x30...0x39).contains($0)
        }
        return bytes.count <= 63 && alnum(first) && alnum(last)
            && bytes.allSatisfy { alnum($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
    }

    /// Secrets and ConfigMaps marked `immutable: true` keep their data, and stay immutable.
    static func immutabilityProblems(_ object: SandboxObject, old: SandboxObject?) -> [SandboxError.Cause] {
        guard let old, old.json["immutable"]?.boolValue == true else { return [] }
        var causes: [SandboxError.Cause] = []
        if object.json["immutable"]?.boolValue != true {
            causes.append(.init(type: "FieldValueForbidden", message: "Forbidden: field is immutable when `immutable` is set",
                                field: "immutable"))
        }
        for field in ["data", "binaryData"] where object.json[field] != old.json[field] {
            causes.append(.init(type: "FieldValueForbidden", message: "Forbidden: field is immutable when `immutable` is set",
                                field: field))
        }
        return causes
    }
}
