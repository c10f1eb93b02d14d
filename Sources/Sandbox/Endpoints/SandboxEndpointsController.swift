import Logging
import NIOCore
import NIOPosix
import Synchronization

/// The sandbox's stand-in for kube-controller-manager's endpoints controller.
///
/// Keeps one Endpoints object per Service that has a selector, listing the registered `SandboxPod`s the selector
/// matches (one subset per distinct pod port, ports named as the Service's ports). Services without a selector
/// are left alone: their Endpoints are whoever wrote them (the GCE provider writes its own). A selector Service
/// with no matching pods has an Endpoints object without subsets, as on a real cluster; when a Service this
/// controller maintained is deleted or loses its selector, its Endpoints are deleted.
///
/// It follows the store's own change notifications and does its writes on a thread of its own, so a write is
/// never made under the store's lock. Call `stop()` before stopping the server.
public final class SandboxEndpointsController: Sendable {
    struct State {
        var pods: [String: SandboxPod] = [:]
        var watcherID: Int?
        var stopped = false
        /// Keys (namespace/name) of Endpoints this controller wrote.
        var owned: Set<String> = []
    }

    let store: ObjectStore
    let logger: Logger
    let state = Mutex(State())
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    /// How many sync passes ran (for tests and waits).
    let passes = Atomic<Int>(0)

    private init(store: ObjectStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Starts maintaining Endpoints in `server`'s store, with `pods` registered.
    public static func start(on server: SandboxAPIServer, pods: [SandboxPod] = []) async throws -> SandboxEndpointsController {
        let controller = SandboxEndpointsController(store: server.store, logger: server.logger)
        controller.state.withLock { state in
            for pod in pods { state.pods[Self.key(pod)] = pod }
        }
        let (_, id, _) = try server.store.watch(.service, from: server.store.currentResourceVersion) { [controller] _ in
            controller.scheduleSync()
        }
        controller.state.withLock { $0.watcherID = id }
        await controller.waitUntilSynced()
        return controller
    }

    /// Registers `pod`, replacing a pod of the same namespace/name, and updates the Endpoints before returning.
    public func add(_ pod: SandboxPod) async {
        state.withLock { $0.pods[Self.key(pod)] = pod }
        await waitUntilSynced()
    }

    /// Removes the pod `namespace/name` (if registered) and updates the Endpoints before returning.
    public func removePod(namespace: String, name: String) async {
        _ = state.withLock { $0.pods.removeValue(forKey: "\(namespace)/\(name)") }
        await waitUntilSynced()
    }

    /// Returns once every change notified so far has been applied to the Endpoints.
    public func waitUntilSynced() async {
        guard !state.withLock({ $0.stopped }) else { return }
        try? await group.next().submit { [self] in sync() }.get()
    }

    /// The registered pods, sorted by namespace/name.
    public var pods: [SandboxPod] {
        state.withLock { $0.pods.values.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) } }
    }

    /// Stops following the store and frees the thread. Endpoints already written stay. Idempotent.
    public func stop() async {
        let id: Int? = state.withLock { state in
            defer { state.stopped = true; state.watcherID = nil }
            return state.stopped ? nil : state.watcherID
        }
        if let id { store.unwatch(id) }
        try? await group.shutdownGracefully()
    }

    deinit {
        if let id = state.withLock({ $0.watcherID }) { store.unwatch(id) }
    }

    static func key(_ pod: SandboxPod) -> String { "\(pod.namespace)/\(pod.name)" }

    /// Runs a sync on the controller's thread (called under the store's lock: only hands off).
    private func scheduleSync() {
        guard !state.withLock({ $0.stopped }) else { return }
        group.next().execute { [self] in sync() }
    }
}
