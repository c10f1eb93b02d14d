/// A change the informer saw, after its store was updated.
public enum InformerEvent<Object: KubeResource>: Sendable {
    /// A new object appeared (also every object of the first list).
    case added(Object)
    /// A known object changed (`old` is the cached state before the change).
    case updated(old: Object, new: Object)
    /// An object disappeared; this is its last known state (after a relist, the cached one).
    case deleted(Object)

    /// The key of the object concerned.
    public var key: ObjectKey {
        switch self {
        case .added(let object), .deleted(let object), .updated(_, let object): object.key
        }
    }
}
