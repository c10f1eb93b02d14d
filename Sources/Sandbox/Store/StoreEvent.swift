import KubeLegoKube

/// The type of a watch event, as it appears on the wire.
enum WatchEventType: String, Sendable {
    case added = "ADDED"
    case modified = "MODIFIED"
    case deleted = "DELETED"
    case bookmark = "BOOKMARK"
    case error = "ERROR"
}

/// One change to the store, kept in the watch history and fanned out to watchers.
struct StoreEvent: Sendable {
    /// What happened.
    var type: WatchEventType
    /// The resource of the object.
    var resource: ResourceType
    /// The global resourceVersion of the change.
    var resourceVersion: Int
    /// The object after the change (for deletes: as it was deleted, with the delete's resourceVersion).
    var object: SandboxObject
    /// The object before the change (modifications and deletes), used to turn selector exits into DELETED.
    var previous: SandboxObject?
}

/// A registered watch: which resource it follows and where events go.
struct StoreWatcher: Sendable {
    /// The resource watched.
    var resource: ResourceType
    /// Called, under the store's lock, for every change to the resource; must only hand the event off.
    var sink: @Sendable (StoreEvent) -> Void
}
