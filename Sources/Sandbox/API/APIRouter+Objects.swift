import KubeLegoKube

extension APIRouter {
    /// POST to a collection: 201 with the stored object.
    func create(_ request: SandboxRequest, _ resource: ResourceType, _ namespace: String?) throws(SandboxError) -> SandboxResponse {
        var object = try decodeObject(request)
        if let version = object.metadataString("resourceVersion"), !version.isEmpty {
            throw SandboxError(.internalError, "resourceVersion should not be set on objects to be created",
                               name: object.name, group: resource.group, kind: resource.plural)
        }
        if resource.namespaced {
            guard let namespace else {
                throw SandboxError(.methodNotAllowed, "create of \(resource.plural) needs a namespace in the path")
            }
            let given = object.namespace
            if given.isEmpty {
                object.setMetadata("namespace", .string(namespace))
            } else if given != namespace {
                throw SandboxError(.badRequest,
                    "the namespace of the provided object does not match the namespace sent on the request",
                    name: object.name, group: resource.group, kind: resource.plural)
            }
        } else {
            object.setMetadata("namespace", nil)
        }
        if request.query["dryRun"] == "All" {
            return .json(.object(try ObjectRules.prepareCreate(resource, object).json), status: 201)
        }
        return .json(.object(try store.create(resource, object).json), status: 201)
    }

    /// PUT of an object (or its status): 200 with the stored object.
    func update(
        _ request: SandboxRequest, _ resource: ResourceType, _ key: ObjectKey, status: Bool
    ) throws(SandboxError) -> SandboxResponse {
        var object = try decodeObject(request)
        if resource.namespaced {
            let given = object.namespace
            if !given.isEmpty, given != key.namespace {
                throw SandboxError(.badRequest,
                    "the namespace of the provided object does not match the namespace sent on the request",
                    name: key.name, group: resource.group, kind: resource.plural)
            }
            object.setMetadata("namespace", .string(key.namespace))
        }
        let stored = try store.update(resource, key, status: status) { _ throws(SandboxError) in object }
        return .json(.object(stored.json))
    }

    /// PATCH of an object: merge, strategic-merge (as merge) or JSON patch, applied atomically.
    func patch(
        _ request: SandboxRequest, _ resource: ResourceType, _ key: ObjectKey, status: Bool
    ) throws(SandboxError) -> SandboxResponse {
        let contentType = (request.headers["content-type"] ?? "").split(separator: ";").first.map {
            $0.trimmingSpaces.lowercased()
        } ?? ""
        let document: JSONValue
        do {
            document = try JSONValue(parsing: request.body)
        } catch {
            throw SandboxError(.badRequest, "the patch body is not valid JSON: \(error)")
        }
        let stored = try store.update(resource, key, status: status) { old throws(SandboxError) in
            let patched: JSONValue
            switch contentType {
            case "application/merge-patch+json", "application/strategic-merge-patch+json":
                patched = MergePatch.apply(document, to: .object(old.json))
            case "application/json-patch+json":
                patched = try JSONPatch.apply(document, to: .object(old.json))
            default:
                throw SandboxError(.unsupportedMediaType, "the body of the request was in an unknown format - "
                    + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
                    + "application/strategic-merge-patch+json")
            }
            guard case .object(let json) = patched else {
                throw SandboxError(.badRequest, "the patched document is not an object")
            }
            var object = SandboxObject(json: json)
            if object.name.isEmpty { object.setMetadata("name", .string(key.name)) }
            return object
        }
        return .json(.object(stored.json))
    }

    /// DELETE of an object: 200 with the object as deleted. Honours DeleteOptions preconditions.
    func delete(_ request: SandboxRequest, _ resource: ResourceType, _ key: ObjectKey) throws(SandboxError) -> SandboxResponse {
        var uid: String?
        var version: String?
        if !request.body.isEmpty, let options = try? JSONValue(parsing: request.body) {
            uid = options["preconditions"]?["uid"]?.stringValue
            version = options["preconditions"]?["resourceVersion"]?.stringValue
        }
        let gone = try store.delete(resource, key, preconditionUID: uid, preconditionResourceVersion: version)
        return .json(.object(gone.json))
    }

    /// DELETE of a collection: deletes every selected object, answers with the list of deleted objects.
    func deleteCollection(
        _ request: SandboxRequest, _ resource: ResourceType, _ namespace: String?
    ) throws(SandboxError) -> SandboxResponse {
        let filter = try ObjectFilter(namespace: namespace, request: request)
        var deleted: [SandboxObject] = []
        for object in store.list(resource, namespace: namespace).objects where filter.matches(object) {
            if let gone = try? store.delete(resource, object.key) { deleted.append(gone) }
        }
        let meta: JSONObject = ["resourceVersion": .string(String(store.currentResourceVersion))]
        return .json(ObjectView.full.renderList(resource, deleted, listMetadata: meta))
    }
}
