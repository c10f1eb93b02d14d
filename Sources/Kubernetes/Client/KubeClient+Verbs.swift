import Logging

extension KubeClient {
    /// Reads one object; `.notFound` when it does not exist.
    public func get<Object: KubeResource>(_ type: Object.Type, namespace: String?, name: String) async throws(KubeError) -> Object {
        let kind = Object.resourceKind
        let label = Self.label(kind, namespace, name)
        let body = try await send(method: "GET", path: kind.objectPath(namespace: namespace, name: name), verb: "get", object: label)
        return Object(raw: try decodeObject(body, verb: "get", object: label))
    }

    /// Lists one page of objects (all namespaces when `namespace` is nil for a namespaced kind).
    public func list<Object: KubeResource>(
        _ type: Object.Type, namespace: String? = nil, options: ListOptions = .init()
    ) async throws(KubeError) -> ObjectList<Object> {
        let kind = Object.resourceKind
        let label = Self.label(kind, namespace, nil)
        let path = kind.collectionPath(namespace: namespace) + PathSegment.query(options.queryItems)
        let body = try await send(method: "GET", path: path, verb: "list", object: label)
        let list = try decodeObject(body, verb: "list", object: label)
        guard let items = list["items"]?.arrayValue ?? (list["items"]?.isNull == true ? [] : nil) else {
            throw KubeError(.decoding, "list response has no items array", object: label, verb: "list")
        }
        var objects: [Object] = []
        objects.reserveCapacity(items.count)
        for item in items {
            guard let raw = item.objectValue else {
                throw KubeError(.decoding, "list item is not an object", object: label, verb: "list")
            }
            objects.append(Object(raw: raw))
        }
        let metadata = list["metadata"]?.objectValue
        let continueToken = metadata?["continue"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        return ObjectList(items: objects, resourceVersion: metadata?["resourceVersion"]?.stringValue ?? "", continueToken: continueToken)
    }

    /// Lists every object by following `continue` tokens, `pageSize` at a time.
    ///
    /// The returned `resourceVersion` is that of the first page (the snapshot all pages belong to). A `.gone`
    /// error means the continue token expired mid-way; list again.
    public func listAll<Object: KubeResource>(
        _ type: Object.Type, namespace: String? = nil, options: ListOptions = .init(), pageSize: Int = 500
    ) async throws(KubeError) -> ObjectList<Object> {
        var options = options
        options.limit = pageSize
        options.continueToken = nil
        var page = try await list(type, namespace: namespace, options: options)
        var all = page.items
        let resourceVersion = page.resourceVersion
        while let token = page.continueToken {
            options.continueToken = token
            page = try await list(type, namespace: namespace, options: options)
            all.append(contentsOf: page.items)
        }
        return ObjectList(items: all, resourceVersion: resourceVersion, continueToken: nil)
    }

    /// Creates `object` (in `metadata.namespace`); returns the stored object. `.alreadyExists` on a name clash.
    public func create<Object: KubeResource>(_ object: Object) async throws(KubeError) -> Object {
        let kind = Object.resourceKind
        let namespace = kind.namespaced ? (object.namespace ?? "default") : nil
        let name = object.name.isEmpty ? (object.metadata.generateName ?? "") + "*" : object.name
        let label = Self.label(kind, namespace, name)
        var raw = object.raw
        if raw["apiVersion"] == nil { raw["apiVersion"] = .string(kind.apiVersion) }
        if raw["kind"] == nil { raw["kind"] = .string(kind.kind) }
        let body = try await send(
            method: "POST", path: kind.collectionPath(namespace: namespace), body: JSONValue.object(raw).serialized(),
            verb: "create", object: label)
        return Object(raw: try decodeObject(body, verb: "create", object: label))
    }

    /// Replaces `object` (PUT); with `metadata.resourceVersion` set, a concurrent change gives `.conflict`.
    public func replace<Object: KubeResource>(_ object: Object) async throws(KubeError) -> Object {
        let kind = Object.resourceKind
        let namespace = kind.namespaced ? object.namespace : nil
        let label = Self.label(kind, namespace, object.name)
        guard !object.name.isEmpty else { throw KubeError(.invalid, "object has no metadata.name", object: label, verb: "update") }
        // List items come without kind/apiVersion; a PUT body names them (appended, other members keep their order).
        var raw = object.raw
        if raw["apiVersion"] == nil { raw["apiVersion"] = .string(kind.apiVersion) }
        if raw["kind"] == nil { raw["kind"] = .string(kind.kind) }
        let body = try await send(
            method: "PUT", path: kind.objectPath(namespace: namespace, name: object.name), body: JSONValue.object(raw).serialized(),
            verb: "update", object: label)
        return Object(raw: try decodeObject(body, verb: "update", object: label))
    }

    /// Applies an RFC 7386 JSON merge patch (`null` members delete); returns the patched object.
    public func mergePatch<Object: KubeResource>(
        _ type: Object.Type, namespace: String?, name: String, patch: JSONValue
    ) async throws(KubeError) -> Object {
        let kind = Object.resourceKind
        let label = Self.label(kind, namespace, name)
        let body = try await send(
            method: "PATCH", path: kind.objectPath(namespace: namespace, name: name), body: patch.serialized(),
            contentType: "application/merge-patch+json", verb: "patch", object: label)
        return Object(raw: try decodeObject(body, verb: "patch", object: label))
    }

    /// Deletes one object; with `resourceVersion`, only if unchanged since (else `.conflict`). `.notFound` when absent.
    public func delete<Object: KubeResource>(
        _ type: Object.Type, namespace: String?, name: String, resourceVersion: String? = nil
    ) async throws(KubeError) {
        let kind = Object.resourceKind
        let label = Self.label(kind, namespace, name)
        var body: [UInt8]?
        if let resourceVersion {
            let options: JSONValue = [
                "apiVersion": "v1", "kind": "DeleteOptions",
                "preconditions": ["resourceVersion": .string(resourceVersion)],
            ]
            body = options.serialized()
        }
        _ = try await send(
            method: "DELETE", path: kind.objectPath(namespace: namespace, name: name), body: body, verb: "delete", object: label)
    }

    /// The server's `/version`: `gitVersion` (e.g. `v1.32.0`), `major`, `minor`.
    public func serverVersion() async throws(KubeError) -> ServerVersion {
        let body = try await send(method: "GET", path: "/version", verb: "get", object: "/version")
        let object = try decodeObject(body, verb: "get", object: "/version")
        guard let gitVersion = object["gitVersion"]?.stringValue else {
            throw KubeError(.decoding, "version response has no gitVersion", object: "/version", verb: "get")
        }
        return ServerVersion(
            gitVersion: gitVersion, major: object["major"]?.stringValue ?? "", minor: object["minor"]?.stringValue ?? "")
    }

    /// "Kind namespace/name" (or "Kind name", "Kind namespace/*") for error messages.
    static func label(_ kind: ResourceKind, _ namespace: String?, _ name: String?) -> String {
        let scope = kind.namespaced ? (namespace.map { "\($0)/" } ?? "*/") : ""
        return "\(kind.kind) \(scope)\(name ?? "*")"
    }
}
