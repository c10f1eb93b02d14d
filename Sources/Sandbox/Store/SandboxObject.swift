import KubeLegoKube

/// A stored API object: its JSON, with typed access to the metadata the server manages.
struct SandboxObject: Sendable, Hashable {
    /// The whole object, members in the order they arrived.
    var json: JSONObject

    /// `metadata`, or an empty object.
    var metadata: JSONObject {
        get { json["metadata"]?.objectValue ?? JSONObject() }
        set { json["metadata"] = .object(newValue) }
    }

    /// A string member of `metadata`.
    func metadataString(_ key: String) -> String? { metadata[key]?.stringValue }

    /// Sets (or with nil removes) a member of `metadata`.
    mutating func setMetadata(_ key: String, _ value: JSONValue?) {
        var meta = metadata
        meta[key] = value
        metadata = meta
    }

    /// `metadata.name`, or "".
    var name: String { metadataString("name") ?? "" }
    /// `metadata.namespace`, or "" for cluster-scoped objects.
    var namespace: String { metadataString("namespace") ?? "" }
    /// `metadata.resourceVersion` as an integer, if set and numeric.
    var resourceVersion: Int? { metadataString("resourceVersion").flatMap { Int($0) } }
    /// `metadata.labels` as strings.
    var labels: [String: String] {
        var result: [String: String] = [:]
        for (key, value) in metadata["labels"]?.objectValue ?? JSONObject() {
            if let text = value.stringValue { result[key] = text }
        }
        return result
    }

    /// The object as an item of a list: like the real server, without `kind` and `apiVersion` (the list has them).
    var listItem: JSONValue {
        var item = json
        item["kind"] = nil
        item["apiVersion"] = nil
        return .object(item)
    }

    /// The key the store files the object under.
    var key: ObjectKey { ObjectKey(namespace: namespace, name: name) }

    /// The value at a dotted field path (`metadata.name`, `involvedObject.uid`), as text for selectors.
    func fieldText(_ path: String) -> String? {
        var current: JSONValue = .object(json)
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard let next = current[String(part)] else { return nil }
            current = next
        }
        switch current {
        case .string(let text): return text
        case .number(let literal): return literal
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return ""
        case .array, .object: return nil
        }
    }
}

/// Where an object is filed: namespace ("" for cluster-scoped) and name. Sorted as the real server lists.
struct ObjectKey: Sendable, Hashable, Comparable {
    /// Namespace, or "" for cluster-scoped objects.
    var namespace: String
    /// Object name.
    var name: String

    static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }

    /// `namespace/name`, or `name` when cluster-scoped.
    var text: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }
}
