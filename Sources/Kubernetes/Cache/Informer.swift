public import Logging

import Synchronization

/// Keeps an `ObjectStore` in step with the API server by list + watch for one kind, namespace and selector,
/// and reports every change to a handler.
///
/// `run` lists, then watches from the list's resourceVersion. BOOKMARK events advance the resume point. A
/// dropped or failed stream is reopened with back-off from the last resourceVersion seen; 410 Gone (from the
/// request or as an ERROR event) triggers a relist whose differences are delivered as adds, updates and
/// deletes, so a handler never misses an object that changed or vanished during the gap.
///
/// For Secrets pass a label selector so only managed Secrets are held: memory then follows the managed set,
/// not the cluster.
public final class Informer<Object: KubeResource>: Sendable {
    /// The cache this informer fills; safe to query from any task.
    public let store = ObjectStore<Object>()
    let client: KubeClient
    let namespace: String?
    let labelSelector: String?
    let fieldSelector: String?
    let pageSize: Int
    let watchTimeoutSeconds: Int
    let backoff: Backoff
    let transform: @Sendable (Object) -> Object
    let logger: Logger
    let syncState = Mutex(SyncState())

    struct SyncState {
        var synced = false
        var lists = 0
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    /// An informer for `Object` in `namespace` (nil: all namespaces) matching the selectors.
    ///
    /// - Parameters:
    ///   - pageSize: objects per list page.
    ///   - watchTimeoutSeconds: how long one watch request lasts before it is renewed.
    ///   - transform: applied to every object before it is stored and delivered (e.g. to drop fields not needed).
    public init(
        client: KubeClient, namespace: String? = nil, labelSelector: String? = nil, fieldSelector: String? = nil,
        pageSize: Int = 500, watchTimeoutSeconds: Int = 300, backoff: Backoff = .init(),
        transform: @escaping @Sendable (Object) -> Object = { $0 }, logger: Logger
    ) {
        self.client = client
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.pageSize = pageSize
        self.watchTimeoutSeconds = watchTimeoutSeconds
        self.backoff = backoff
        self.transform = transform
        var logger = logger
        logger[metadataKey: "kube.kind"] = "\(Object.resourceKind.kind)"
        if let namespace { logger[metadataKey: "kube.namespace"] = "\(namespace)" }
        self.logger = logger
    }

    /// Whether the first list has been stored.
    public var hasSynced: Bool {
        syncState.withLock { $0.synced }
    }

    /// How many full lists this informer has made: 1 after the initial sync, one more per relist after 410 Gone.
    public var listCount: Int {
        syncState.withLock { $0.lists }
    }

    /// Returns once the first list has been stored and handed to the handler (immediately if it has), or when the
    /// task is cancelled.
    public func waitUntilSynced() async {
        let id = syncState.withLock { state -> Int? in
            if state.synced { return nil }
            state.nextWaiter += 1
            return state.nextWaiter
        }
        guard let id else { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = syncState.withLock { state -> Bool in
                    if state.synced || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            syncState.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// How many callers are suspended in `waitUntilSynced` (for tests that must know a waiter really waits).
    var syncWaiterCount: Int { syncState.withLock { $0.waiters.count } }

    func markSynced() {
        let waiters = syncState.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.lists += 1
            guard !state.synced else { return [] }
            state.synced = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }
}
