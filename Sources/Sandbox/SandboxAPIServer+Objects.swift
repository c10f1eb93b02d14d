public import KubeLegoKube

extension SandboxAPIServer {
    /// The stored objects of a kind (`Ingress`, `ingresses`, `ing`...), in one namespace or all; [] for an
    /// unknown kind. Sorted by namespace and name.
    public func objects(kind: String, namespace: String? = nil) -> [JSONObject] {
        guard let resource = ResourceType.find(kind: kind) else { return [] }
        return store.list(resource, namespace: resource.namespaced ? namespace : nil).objects.map(\.json)
    }

    /// One stored object, or nil.
    public func object(kind: String, namespace: String? = nil, name: String) -> JSONObject? {
        guard let resource = ResourceType.find(kind: kind) else { return nil }
        return try? store.get(resource, ObjectKey(namespace: resource.namespaced ? namespace ?? "default" : "",
                                                  name: name)).json
    }

    /// Creates an object in-process, with the same defaulting, validation and watch events as over HTTP.
    /// The object must carry `apiVersion` and `kind`; a namespaced one without a namespace goes to `default`.
    @discardableResult
    public func create(_ object: JSONObject) throws(SandboxError) -> JSONObject {
        let (resource, stored) = try ManifestLoader.typed(SandboxObject(json: object))
        return try store.create(resource, stored).json
    }

    /// Creates the object, or replaces the stored one unconditionally (like `kubectl apply` without a diff).
    @discardableResult
    public func apply(_ object: JSONObject) throws(SandboxError) -> JSONObject {
        try ManifestLoader.apply(SandboxObject(json: object), into: store).json
    }

    /// Deletes an object in-process; 404 error when absent.
    @discardableResult
    public func delete(kind: String, namespace: String? = nil, name: String) throws(SandboxError) -> JSONObject {
        guard let resource = ResourceType.find(kind: kind) else {
            throw SandboxError(.notFound, "the sandbox does not serve kind \(kind)")
        }
        return try store.delete(resource, ObjectKey(namespace: resource.namespaced ? namespace ?? "default" : "",
                                                    name: name)).json
    }

    /// Loads a manifest (YAML or JSON, multi-document, `List` kinds): creates or replaces each object.
    /// Returns the stored objects.
    @discardableResult
    public func load(manifest text: String) throws(SandboxError) -> [JSONObject] {
        try ManifestLoader.load(text, into: store).map(\.json)
    }

    /// The whole store as a `v1` `List` (namespaces first, then each kind, sorted by namespace and name).
    public func dump() -> JSONValue {
        let items = store.everything().map { JSONValue.object($0.1.json) }
        return ["kind": "List", "apiVersion": "v1", "metadata": ["resourceVersion": .string(String(resourceVersion))],
                "items": .array(items)]
    }

    /// The whole store as multi-document YAML, for people.
    public func dumpYAML() -> String {
        store.everything().map { "---\n" + YAMLText.render(.object($0.1.json)) }.joined()
    }
}
