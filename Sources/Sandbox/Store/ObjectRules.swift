import KubeLegoKube

/// What the real API server does to an object on its way in: defaulting, server-owned fields, validation.
enum ObjectRules {
    /// Metadata members only the server writes; dropped from client input.
    static let serverOwnedMetadata: Set<String> = [
        "uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "selfLink", "deletionTimestamp",
    ]

    /// Checks and defaults a new object before it is stored.
    static func prepareCreate(_ resource: ResourceType, _ input: SandboxObject) throws(SandboxError) -> SandboxObject {
        var object = try typed(resource, input)
        var meta = object.metadata
        for key in serverOwnedMetadata { meta[key] = nil }
        object.metadata = meta
        object = defaulted(resource, object)
        try validate(resource, object, old: nil)
        return object
    }

    /// Builds the stored form of a new object: `kind`, `apiVersion`, `metadata` first, with the server's stamps.
    static func stamped(
        _ resource: ResourceType, _ object: SandboxObject, resourceVersion: Int, uid: String, created: String
    ) -> SandboxObject {
        let old = object.metadata
        var meta = JSONObject()
        meta["name"] = .string(object.name)
        if let prefix = old["generateName"] { meta["generateName"] = prefix }
        if resource.namespaced { meta["namespace"] = .string(object.namespace) }
        meta["uid"] = .string(uid)
        meta["resourceVersion"] = .string(String(resourceVersion))
        if resource.tracksGeneration { meta["generation"] = .int(1) }
        meta["creationTimestamp"] = .string(created)
        for (key, value) in old where meta[key] == nil && key != "namespace" { meta[key] = value }
        var json = JSONObject()
        json["kind"] = .string(resource.kind)
        json["apiVersion"] = .string(resource.apiVersion)
        json["metadata"] = .object(meta)
        for (key, value) in object.json where json[key] == nil { json[key] = value }
        return SandboxObject(json: json)
    }

    /// Checks and defaults a replacement of `old`; `status` means a write to the status subresource.
    static func prepareUpdate(
        _ resource: ResourceType, old: SandboxObject, new input: SandboxObject, status: Bool
    ) throws(SandboxError) -> SandboxObject {
        let new = try typed(resource, input)
        var object: SandboxObject
        if status {
            object = old
            object.json["status"] = new.json["status"]
        } else {
            object = new
            if resource.hasStatusSubresource { object.json["status"] = old.json["status"] }
        }
        var meta = object.metadata
        for key in serverOwnedMetadata.union(["namespace"]) { meta[key] = old.metadata[key] }
        object.metadata = meta
        // Defaults first, as kube-apiserver does: a client leaving out a defaulted field changes nothing.
        object = defaulted(resource, object)
        if resource.tracksGeneration, old.json["spec"] != object.json["spec"] {
            object.setMetadata("generation", .int((old.metadata["generation"]?.intValue ?? 0) + 1))
        }
        try validate(resource, object, old: old)
        return object
    }

    /// Sets `kind` and `apiVersion`, or 400 when the body names another type.
    static func typed(_ resource: ResourceType, _ input: SandboxObject) throws(SandboxError) -> SandboxObject {
        var object = input
        if let apiVersion = object.json["apiVersion"]?.stringValue, apiVersion != resource.apiVersion {
            throw SandboxError(.badRequest,
                "the API version in the data (\(apiVersion)) does not match the expected API version (\(resource.apiVersion))",
                name: object.name, group: resource.group, kind: resource.plural)
        }
        if let kind = object.json["kind"]?.stringValue, kind != resource.kind {
            throw SandboxError(.badRequest,
                "the kind in the data (\(kind)) does not match the expected kind (\(resource.kind))",
                name: object.name, group: resource.group, kind: resource.plural)
        }
        object.json["kind"] = .string(resource.kind)
        object.json["apiVersion"] = .string(resource.apiVersion)
        return object
    }

    /// Server-side defaults: Secret `type` and `stringData`, Namespace phase and finalizer, the Gateway API
    /// CRD schemas' defaults.
    static func defaulted(_ resource: ResourceType, _ input: SandboxObject) -> SandboxObject {
        var object = input
        switch resource {
        case .gateway, .httpRoute:
            object = gatewayAPIDefaults(resource, object)
        case .secret:
            if object.json["type"]?.stringValue?.isEmpty ?? true { object.json["type"] = "Opaque" }
            if let plain = object.json["stringData"]?.objectValue {
                var data = object.json["data"]?.objectValue ?? JSONObject()
                for (key, value) in plain {
                    data[key] = .string(Base64.encode(Array((value.stringValue ?? "").utf8)))
                }
                object.json["data"] = .object(data)
                object.json["stringData"] = nil
            }
        case .namespace:
            if object.json["spec"] == nil { object.json["spec"] = ["finalizers": ["kubernetes"]] }
            if object.json["status"] == nil { object.json["status"] = ["phase": "Active"] }
        default:
            break
        }
        return object
    }
}
