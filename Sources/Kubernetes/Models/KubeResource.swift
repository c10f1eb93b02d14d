/// A Kubernetes object backed by its raw JSON, with typed accessors that read and write through it.
///
/// Every field a model does not know (status, managedFields, fields added by later Kubernetes versions) stays in
/// `raw` in its original order, so a read-modify-write never drops or reorders data.
public protocol KubeResource: Sendable, Hashable {
    /// The resource type of this model; drives URLs and the `apiVersion`/`kind` of new objects.
    static var resourceKind: ResourceKind { get }
    /// The whole object as read from (or to be written to) the API server.
    var raw: JSONObject { get set }
    /// Wraps an object read from the API server without inspecting it.
    init(raw: JSONObject)
}

extension KubeResource {
    /// A new, empty object of this kind with `apiVersion`, `kind` and `metadata.name`/`namespace` set.
    public init(name: String, namespace: String? = nil) {
        var metadata: JSONObject = [:]
        metadata["name"] = .string(name)
        if Self.resourceKind.namespaced, let namespace { metadata["namespace"] = .string(namespace) }
        var raw: JSONObject = [:]
        raw["apiVersion"] = .string(Self.resourceKind.apiVersion)
        raw["kind"] = .string(Self.resourceKind.kind)
        raw["metadata"] = .object(metadata)
        self.init(raw: raw)
    }

    /// The object's metadata; setting it writes through to `raw["metadata"]`.
    public var metadata: ObjectMeta {
        get { ObjectMeta(raw: raw["metadata"]?.objectValue ?? [:]) }
        set { raw["metadata"] = .object(newValue.raw) }
    }

    /// Shorthand for `metadata.name`.
    public var name: String { metadata.name }
    /// Shorthand for `metadata.namespace`.
    public var namespace: String? { metadata.namespace }
    /// The cache key `namespace/name` (just `name` for cluster-scoped objects).
    public var key: ObjectKey { ObjectKey(namespace: metadata.namespace, name: metadata.name) }

    /// The object as JSON bytes, members in their original order.
    public func serialized() -> [UInt8] { JSONValue.object(raw).serialized() }

    /// A nested object member of `raw`, read or written through (setting nil removes it).
    subscript(object key: String) -> JSONObject? {
        get { raw[key]?.objectValue }
        set { raw[key] = newValue.map(JSONValue.object) }
    }

    /// `spec`, created empty on first write.
    var spec: JSONObject {
        get { raw["spec"]?.objectValue ?? [:] }
        set { raw["spec"] = .object(newValue) }
    }
}
