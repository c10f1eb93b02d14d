import KubeLegoKube

/// Loads manifests into the store: each object (or each item of a `List`) is created, or replaces the stored
/// one unconditionally when it exists.
enum ManifestLoader {
    /// Loads every object in a YAML/JSON text; returns them as stored.
    static func load(_ text: String, into store: ObjectStore) throws(SandboxError) -> [SandboxObject] {
        var stored: [SandboxObject] = []
        for document in try YAMLText.documents(text) {
            guard case .object(let json) = document else {
                throw SandboxError(.manifest, "a manifest document is not an object")
            }
            if json["kind"]?.stringValue?.hasSuffix("List") == true, let items = json["items"]?.arrayValue {
                for item in items {
                    guard case .object(let itemJSON) = item else {
                        throw SandboxError(.manifest, "an item of a manifest List is not an object")
                    }
                    stored.append(try apply(SandboxObject(json: itemJSON), into: store))
                }
            } else {
                stored.append(try apply(SandboxObject(json: json), into: store))
            }
        }
        return stored
    }

    /// The resource of an object from its `apiVersion` and `kind`; namespaced objects default to `default`.
    static func typed(_ input: SandboxObject) throws(SandboxError) -> (ResourceType, SandboxObject) {
        let apiVersion = input.json["apiVersion"]?.stringValue ?? ""
        let kind = input.json["kind"]?.stringValue ?? ""
        guard let resource = ResourceType.find(apiVersion: apiVersion, kind: kind) else {
            throw SandboxError(.manifest, "the sandbox does not serve \(apiVersion) \(kind) (object \"\(input.name)\")")
        }
        var object = input
        object.setMetadata("resourceVersion", nil) // dumps carry one; loading is not a conditional write
        if resource.namespaced {
            if object.namespace.isEmpty { object.setMetadata("namespace", "default") }
        } else {
            object.setMetadata("namespace", nil)
        }
        return (resource, object)
    }

    /// Creates the object, or replaces the stored one (status included) ignoring resourceVersions.
    static func apply(_ input: SandboxObject, into store: ObjectStore) throws(SandboxError) -> SandboxObject {
        let (resource, object) = try typed(input)
        do {
            return try store.create(resource, object)
        } catch where error.code == .alreadyExists {
            var unconditional = object
            unconditional.setMetadata("resourceVersion", nil)
            let status = resource.hasStatusSubresource
            let replaced = try store.update(resource, object.key) { _ throws(SandboxError) in unconditional }
            if status, object.json["status"] != nil {
                return try store.update(resource, object.key, status: true) { _ throws(SandboxError) in unconditional }
            }
            return replaced
        }
    }
}
