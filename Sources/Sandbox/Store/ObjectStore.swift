import KubeLegoKube
import Synchronization

/// The sandbox's in-memory etcd: objects per resource, one global resourceVersion, a bounded event history
/// for resuming watches, and the registered watchers. Every operation is atomic under one lock.
final class ObjectStore: Sendable {
    /// Everything the lock guards.
    struct State {
        var lastResourceVersion = 0
        var objects: [ResourceType: [ObjectKey: SandboxObject]] = [:]
        /// The keys of `objects`, sorted, so lists and pages need no sort.
        var order: [ResourceType: SortedKeys] = [:]
        var history: [StoreEvent] = []
        /// The resourceVersion of the newest event dropped from `history` (0 while nothing was dropped).
        var compactedThrough = 0
        var watchers: [Int: StoreWatcher] = [:]
        var nextWatcherID = 0
        /// How many Service cluster IPs were handed out.
        var allocatedServiceIPs = 0
    }

    let state = Mutex(State())
    /// How many events `history` keeps.
    let historyLimit: Int
    /// Where time and randomness come from.
    let stamps: ObjectStamps

    init(historyLimit: Int, stamps: ObjectStamps = ObjectStamps()) {
        self.historyLimit = max(1, historyLimit)
        self.stamps = stamps
    }

    /// The newest resourceVersion.
    var currentResourceVersion: Int { state.withLock { $0.lastResourceVersion } }

    /// One object, or 404.
    func get(_ resource: ResourceType, _ key: ObjectKey) throws(SandboxError) -> SandboxObject {
        guard let object = state.withLock({ $0.objects[resource]?[key] }) else {
            throw .notFound(resource, key.name)
        }
        return object
    }

    /// The objects of a resource (in one namespace, or all when `namespace` is nil), sorted by key,
    /// with the resourceVersion they are current at.
    func list(_ resource: ResourceType, namespace: String?) -> (objects: [SandboxObject], resourceVersion: Int) {
        let page = page(resource, namespace: namespace, after: nil, limit: nil, countRemaining: false) { _ in true }
        return (page.objects, page.resourceVersion)
    }

    /// One page of a list: the objects after `after` (in key order) that `selected` accepts, at most `limit`.
    /// `more` says whether selected objects remain; `remaining` counts them when `countRemaining`.
    func page(
        _ resource: ResourceType, namespace: String?, after: ObjectKey?, limit: Int?, countRemaining: Bool,
        selected: (SandboxObject) -> Bool
    ) -> (objects: [SandboxObject], resourceVersion: Int, more: Bool, remaining: Int?) {
        state.withLock { state in
            let all = state.objects[resource] ?? [:]
            let keys = state.order[resource]?.keys ?? []
            var index = 0
            if let after {
                index = SortedKeys.firstIndex(in: keys, after: after)
            } else if let namespace {
                index = SortedKeys.firstIndex(in: keys, atOrAfter: ObjectKey(namespace: namespace, name: ""))
            }
            var objects: [SandboxObject] = []
            var more = false
            var remaining = 0
            while index < keys.count {
                let key = keys[index]
                index += 1
                if let namespace, key.namespace != namespace {
                    if key.namespace > namespace { break }
                    continue
                }
                guard let object = all[key], selected(object) else { continue }
                if let limit, objects.count >= limit {
                    more = true
                    remaining += 1
                    if !countRemaining { break }
                } else {
                    objects.append(object)
                }
            }
            return (objects, state.lastResourceVersion, more, countRemaining && more ? remaining : nil)
        }
    }

    /// Every stored object of every resource, namespaces first, for dumps.
    func everything() -> [(ResourceType, SandboxObject)] {
        state.withLock { state in
            ResourceType.all.flatMap { resource in
                let all = state.objects[resource] ?? [:]
                return (state.order[resource]?.keys ?? []).compactMap { key in all[key].map { (resource, $0) } }
            }
        }
    }

    /// Registers a watcher; returns the history events after `resourceVersion` (or, when nil, synthetic ADDED
    /// events for every current object), atomically with the registration so no change is missed.
    /// Also returns the resourceVersion current at registration. Throws 410 Gone when `resourceVersion` is older than the kept history.
    func watch(
        _ resource: ResourceType, from resourceVersion: Int?, sink: @escaping @Sendable (StoreEvent) -> Void
    ) throws(SandboxError) -> (replay: [StoreEvent], watcherID: Int, current: Int) {
        let result: Result<([StoreEvent], Int, Int), SandboxError> = state.withLock { state in
            var replay: [StoreEvent] = []
            if let since = resourceVersion {
                if since < state.compactedThrough {
                    return .failure(SandboxError(
                        .gone, "too old resource version: \(since) (\(state.compactedThrough + 1))"))
                }
                replay = state.history.filter { $0.resource == resource && $0.resourceVersion > since }
            } else {
                let all = state.objects[resource] ?? [:]
                replay = (state.order[resource]?.keys ?? []).compactMap { key in
                    all[key].map {
                        StoreEvent(type: .added, resource: resource, resourceVersion: $0.resourceVersion ?? 0,
                                   object: $0, previous: nil)
                    }
                }
            }
            let id = state.nextWatcherID
            state.nextWatcherID += 1
            state.watchers[id] = StoreWatcher(resource: resource, sink: sink)
            return .success((replay, id, state.lastResourceVersion))
        }
        let (replay, id, current) = try result.get()
        return (replay, id, current)
    }

    /// Removes a watcher; it gets no further events.
    func unwatch(_ id: Int) {
        _ = state.withLock { $0.watchers.removeValue(forKey: id) }
    }

    /// How many watchers are registered (for tests of clean-up).
    var watcherCount: Int { state.withLock { $0.watchers.count } }
}

extension ObjectStore.State {
    /// Takes the next resourceVersion.
    mutating func nextResourceVersion() -> Int {
        lastResourceVersion += 1
        return lastResourceVersion
    }

    /// Records a change: stores or removes the object, appends it to the history and fans it out.
    mutating func commit(_ event: StoreEvent, historyLimit: Int) {
        let key = event.object.key
        if event.type == .deleted {
            objects[event.resource]?[key] = nil
            order[event.resource]?.remove(key)
        } else {
            if objects[event.resource, default: [:]].updateValue(event.object, forKey: key) == nil {
                order[event.resource, default: SortedKeys()].insert(key)
            }
        }
        history.append(event)
        if history.count > historyLimit {
            let dropped = history.count - historyLimit
            compactedThrough = history[dropped - 1].resourceVersion
            history.removeFirst(dropped)
        }
        for watcher in watchers.values where watcher.resource == event.resource {
            watcher.sink(event)
        }
    }

    /// Whether a namespace exists.
    func namespaceExists(_ name: String) -> Bool {
        objects[.namespace]?[ObjectKey(namespace: "", name: name)] != nil
    }
}
