public import KubeLegoKube

/// Writing objects kube-lego owns by its managed marker (`Markers`), the way every provider must: never touching
/// an object of the same name that someone else made.
extension KubeClient {
    /// Creates `name` in `namespace` shaped by `shape` and marked as kube-lego's, or reshapes it when it carries
    /// the marker (checked on every read-modify-write round, so a concurrent change of hands is seen). An
    /// existing object without the marker is left untouched and its metadata returned; nil once the object is as
    /// `shape` wants it.
    public func ensureManaged<Object: KubeResource>(
        _ type: Object.Type, namespace: String, name: String, _ shape: @Sendable (inout Object) -> Void
    ) async throws(KubeError) -> ObjectMeta? {
        try await ensureManaged(type, namespace: namespace, name: name, known: nil, shape).foreign
    }

    /// `ensureManaged` starting from `known`, the object as this caller last wrote it (nil: read it first), as
    /// `createOrUpdate(known:)` does; also returns our object as stored (nil when a foreign one is in the way), for
    /// the caller to remember as its next `known`.
    public func ensureManaged<Object: KubeResource>(
        _ type: Object.Type, namespace: String, name: String, known: Object?, _ shape: @Sendable (inout Object) -> Void
    ) async throws(KubeError) -> (stored: Object?, foreign: ObjectMeta?) {
        var foreign: ObjectMeta?
        let stored = try await createOrUpdate(type, namespace: namespace, name: name, known: known) { existing in
            foreign = nil
            guard var object = existing else {
                var created = Object(name: name, namespace: namespace)
                var metadata = created.metadata
                Markers.mark(&metadata)
                created.metadata = metadata
                shape(&created)
                return created
            }
            guard Markers.isManaged(labels: object.metadata.labels.dictionary, annotations: object.metadata.annotations.dictionary) else {
                foreign = object.metadata
                return nil
            }
            shape(&object)
            return object
        }
        return (foreign == nil ? stored : nil, foreign)
    }

    /// Deletes the object when it exists and carries the managed marker, at the resourceVersion read (an object
    /// changed since is left for the next pass). Returns true when it deleted something.
    @discardableResult
    public func deleteIfManaged<Object: KubeResource>(
        _ type: Object.Type, namespace: String, name: String
    ) async throws(KubeError) -> Bool {
        do {
            let object = try await get(type, namespace: namespace, name: name)
            guard Markers.isManaged(labels: object.metadata.labels.dictionary, annotations: object.metadata.annotations.dictionary) else {
                return false
            }
            try await delete(type, namespace: namespace, name: name, resourceVersion: object.metadata.resourceVersion)
            return true
        } catch where error.code == .notFound || error.code == .conflict {
            return false
        }
    }
}
