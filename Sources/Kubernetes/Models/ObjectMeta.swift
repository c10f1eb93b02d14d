/// `metadata` of any Kubernetes object: typed accessors over the raw JSON that write through to it.
public struct ObjectMeta: Sendable, Hashable {
    /// The raw `metadata` object, including fields not modelled here (managedFields, finalizers, ...).
    public var raw: JSONObject

    /// Wraps a raw `metadata` object.
    public init(raw: JSONObject = [:]) {
        self.raw = raw
    }

    /// `metadata.name` (empty when absent, e.g. before `generateName` is resolved).
    public var name: String {
        get { raw["name"]?.stringValue ?? "" }
        set { raw["name"] = .string(newValue) }
    }

    /// `metadata.namespace`; nil for cluster-scoped objects.
    public var namespace: String? {
        get { raw["namespace"]?.stringValue }
        set { raw["namespace"] = newValue.map(JSONValue.string) }
    }

    /// `metadata.generateName`: the server appends a random suffix on create.
    public var generateName: String? {
        get { raw["generateName"]?.stringValue }
        set { raw["generateName"] = newValue.map(JSONValue.string) }
    }

    /// `metadata.uid`, assigned by the server.
    public var uid: String? { raw["uid"]?.stringValue }

    /// `metadata.resourceVersion`: opaque; sent back on replace for optimistic concurrency.
    public var resourceVersion: String? {
        get { raw["resourceVersion"]?.stringValue }
        set { raw["resourceVersion"] = newValue.map(JSONValue.string) }
    }

    /// `metadata.generation`, bumped by the server on spec changes.
    public var generation: Int? { raw["generation"]?.intValue }

    /// `metadata.creationTimestamp` (RFC 3339), assigned by the server.
    public var creationTimestamp: String? { raw["creationTimestamp"]?.stringValue }

    /// `metadata.deletionTimestamp` (RFC 3339), set when deletion is pending on finalizers.
    public var deletionTimestamp: String? { raw["deletionTimestamp"]?.stringValue }

    /// `metadata.labels`; edits write through, keeping the other labels in place.
    public var labels: StringMap {
        get { StringMap(raw: raw["labels"]?.objectValue ?? [:]) }
        set { raw["labels"] = .object(newValue.raw) }
    }

    /// `metadata.annotations`; edits write through, keeping the other annotations in place.
    public var annotations: StringMap {
        get { StringMap(raw: raw["annotations"]?.objectValue ?? [:]) }
        set { raw["annotations"] = .object(newValue.raw) }
    }

    /// `metadata.ownerReferences` as raw JSON objects.
    public var ownerReferences: [JSONObject] {
        get { raw["ownerReferences"]?.arrayValue?.compactMap(\.objectValue) ?? [] }
        set { raw["ownerReferences"] = newValue.isEmpty ? nil : .array(newValue.map(JSONValue.object)) }
    }
}
