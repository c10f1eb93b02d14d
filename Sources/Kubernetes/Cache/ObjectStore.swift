import Synchronization

/// A thread-safe cache of objects of one kind keyed by `namespace/name`, filled by an `Informer`.
public final class ObjectStore<Object: KubeResource>: Sendable {
    private let objects = Mutex<[ObjectKey: Object]>([:])

    /// An empty store.
    public init() {}

    /// The cached object for `key`, if any.
    public func get(_ key: ObjectKey) -> Object? {
        objects.withLock { $0[key] }
    }

    /// The cached object `namespace/name`, if any.
    public func get(namespace: String?, name: String) -> Object? {
        get(ObjectKey(namespace: namespace, name: name))
    }

    /// All cached objects, or those in `namespace`, ordered by key.
    public func list(namespace: String? = nil) -> [Object] {
        objects.withLock { objects in
            objects.values.filter { namespace == nil || $0.namespace == namespace }
        }.sorted { $0.key < $1.key }
    }

    /// All cached keys, ordered.
    public var keys: [ObjectKey] {
        objects.withLock { Array($0.keys) }.sorted()
    }

    /// The number of cached objects.
    public var count: Int {
        objects.withLock { $0.count }
    }

    /// Stores `object` and says what changed: nil when the same version was already cached.
    func upsert(_ object: Object) -> InformerEvent<Object>? {
        objects.withLock { objects in
            let key = object.key
            let old = objects.updateValue(object, forKey: key)
            guard let old else { return .added(object) }
            return Self.isSameVersion(old, object) ? nil : .updated(old: old, new: object)
        }
    }

    /// Removes the object with `object`'s key and returns the delete event (nil when it was not cached).
    func remove(_ object: Object) -> InformerEvent<Object>? {
        objects.withLock { $0.removeValue(forKey: object.key) }.map { _ in .deleted(object) }
    }

    /// Replaces the whole content with a fresh list and returns the differences: adds for new objects, updates
    /// for changed ones, deletes (with the cached state) for objects that vanished.
    func replaceAll(with items: [Object]) -> [InformerEvent<Object>] {
        objects.withLock { objects in
            var events: [InformerEvent<Object>] = []
            var fresh: [ObjectKey: Object] = [:]
            fresh.reserveCapacity(items.count)
            for item in items {
                let key = item.key
                fresh[key] = item
                if let old = objects.removeValue(forKey: key) {
                    if !Self.isSameVersion(old, item) { events.append(.updated(old: old, new: item)) }
                } else {
                    events.append(.added(item))
                }
            }
            for (_, gone) in objects.sorted(by: { $0.key < $1.key }) { events.append(.deleted(gone)) }
            objects = fresh
            return events
        }
    }

    private static func isSameVersion(_ lhs: Object, _ rhs: Object) -> Bool {
        if let left = lhs.metadata.resourceVersion, let right = rhs.metadata.resourceVersion { return left == right }
        return lhs == rhs
    }
}
