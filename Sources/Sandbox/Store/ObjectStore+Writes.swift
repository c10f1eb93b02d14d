import KubeLegoKube
import Synchronization

extension ObjectStore {
    /// Creates an object (already namespaced and named by the caller, or with `generateName`).
    /// 404 when its namespace is missing, 409 AlreadyExists, 422 when invalid.
    func create(_ resource: ResourceType, _ input: SandboxObject) throws(SandboxError) -> SandboxObject {
        let result: Result<SandboxObject, SandboxError> = state.withLock { state in
            do throws(SandboxError) {
                var object = input
                if resource.namespaced, !state.namespaceExists(object.namespace) {
                    throw SandboxError.notFound(.namespace, object.namespace)
                }
                if object.name.isEmpty, let prefix = object.metadataString("generateName"), !prefix.isEmpty {
                    var candidate = prefix + stamps.nameSuffix()
                    while state.objects[resource]?[ObjectKey(namespace: object.namespace, name: candidate)] != nil {
                        candidate = prefix + stamps.nameSuffix()
                    }
                    object.setMetadata("name", .string(candidate))
                }
                object = try ObjectRules.prepareCreate(resource, object)
                if resource == .service {
                    object = try ObjectRules.serviceDefaults(object, old: nil) { state.allocateServiceIP() }
                }
                if state.objects[resource]?[object.key] != nil {
                    throw SandboxError.alreadyExists(resource, object.name)
                }
                let version = state.nextResourceVersion()
                object = ObjectRules.stamped(resource, object, resourceVersion: version, uid: stamps.uid(),
                                             created: stamps.timestamp())
                state.commit(StoreEvent(type: .added, resource: resource, resourceVersion: version,
                                        object: object, previous: nil), historyLimit: historyLimit)
                return .success(object)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Replaces an object (PUT, or the result of a patch). A non-empty `metadata.resourceVersion` must match
    /// the stored one (409 Conflict otherwise); `status` writes only the status subresource. 404 if absent.
    func update(
        _ resource: ResourceType, _ key: ObjectKey, status: Bool = false,
        _ change: (SandboxObject) throws(SandboxError) -> SandboxObject
    ) throws(SandboxError) -> SandboxObject {
        let result: Result<SandboxObject, SandboxError> = state.withLock { state in
            do throws(SandboxError) {
                guard let old = state.objects[resource]?[key] else { throw SandboxError.notFound(resource, key.name) }
                let proposed = try change(old)
                if proposed.name != key.name {
                    throw SandboxError(.badRequest,
                        "the name of the object (\(proposed.name)) does not match the name on the URL (\(key.name))",
                        name: key.name, group: resource.group, kind: resource.plural)
                }
                if let wanted = proposed.metadataString("resourceVersion"), !wanted.isEmpty,
                   Int(wanted) != old.resourceVersion {
                    throw SandboxError.conflict(resource, key.name)
                }
                var object = try ObjectRules.prepareUpdate(resource, old: old, new: proposed, status: status)
                if resource == .service, !status {
                    object = try ObjectRules.serviceDefaults(object, old: old) { state.allocateServiceIP() }
                }
                object.setMetadata("resourceVersion", old.metadata["resourceVersion"])
                if object == old { return .success(old) }
                let version = state.nextResourceVersion()
                object.setMetadata("resourceVersion", .string(String(version)))
                state.commit(StoreEvent(type: .modified, resource: resource, resourceVersion: version,
                                        object: object, previous: old), historyLimit: historyLimit)
                return .success(object)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Deletes an object, checking optional uid/resourceVersion preconditions (409 on mismatch). Deleting a
    /// namespace deletes everything in it first (at once: the sandbox has no Terminating phase).
    func delete(
        _ resource: ResourceType, _ key: ObjectKey, preconditionUID: String? = nil,
        preconditionResourceVersion: String? = nil
    ) throws(SandboxError) -> SandboxObject {
        let result: Result<SandboxObject, SandboxError> = state.withLock { state in
            guard let old = state.objects[resource]?[key] else {
                return .failure(SandboxError.notFound(resource, key.name))
            }
            if let uid = preconditionUID, uid != old.metadataString("uid") {
                return .failure(.conflict(resource, key.name,
                    "Precondition failed: UID in precondition: \(uid), UID in object meta: \(old.metadataString("uid") ?? "")"))
            }
            if let version = preconditionResourceVersion, Int(version) != old.resourceVersion {
                return .failure(.conflict(resource, key.name,
                    "Precondition failed: ResourceVersion in precondition: \(version), ResourceVersion in object meta: \(old.resourceVersion ?? 0)"))
            }
            if resource == .namespace {
                for contained in ResourceType.all where contained.namespaced {
                    for object in (state.objects[contained] ?? [:]).values where object.namespace == key.name {
                        state.removeObject(contained, object, historyLimit: historyLimit)
                    }
                }
            }
            return .success(state.removeObject(resource, old, historyLimit: historyLimit))
        }
        return try result.get()
    }
}

extension ObjectStore.State {
    /// The next free address of the service range 10.96.0.0/12 (10.96.0.1 is the API server's own).
    mutating func allocateServiceIP() -> String {
        allocatedServiceIPs += 1
        let offset = allocatedServiceIPs + 1
        return "10.\(96 + offset / 65536).\((offset / 256) % 256).\(offset % 256)"
    }

    /// Removes an object with a DELETED event carrying a fresh resourceVersion; returns it as deleted.
    @discardableResult
    mutating func removeObject(_ resource: ResourceType, _ old: SandboxObject, historyLimit: Int) -> SandboxObject {
        let version = nextResourceVersion()
        var gone = old
        gone.setMetadata("resourceVersion", .string(String(version)))
        commit(StoreEvent(type: .deleted, resource: resource, resourceVersion: version, object: gone, previous: old),
               historyLimit: historyLimit)
        return gone
    }
}
