/// Stands between Core and one provider and remembers the routes in use (exposed and not yet withdrawn), so
/// that periodic drift repair can call `reconcile(active:)` with exactly those. A repair never interleaves with
/// an `expose` or `withdraw`: it waits for the calls in progress and holds new ones back until it is done, so
/// it can never remove a route an order is using.
actor RouteKeeper: IngressProvider {
    nonisolated let name: String
    nonisolated let propagationTimeout: Duration
    private let inner: any IngressProvider
    private var active: [ObjectReference: ChallengeRoutes] = [:]
    private var callsInProgress = 0
    private var repairsWaiting = 0
    private var repairing = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(_ inner: any IngressProvider) {
        self.inner = inner
        self.name = inner.name
        self.propagationTimeout = inner.propagationTimeout
    }

    /// The routes in use now.
    var activeRoutes: [ChallengeRoutes] { Array(active.values) }

    func expose(_ routes: ChallengeRoutes) async throws {
        await enterCall()
        defer { leaveCall() }
        active[routes.ingress] = routes
        try await inner.expose(routes)
    }

    func withdraw(ingress: ObjectReference) async throws {
        await enterCall()
        defer { leaveCall() }
        active[ingress] = nil
        try await inner.withdraw(ingress: ingress)
    }

    /// Replaces what is remembered by `active` and reconciles the provider to it (start-up passes none).
    func reconcile(active routes: [ChallengeRoutes]) async throws {
        await enterRepair()
        defer { leaveRepair() }
        active = Dictionary(routes.map { ($0.ingress, $0) }, uniquingKeysWith: { $1 })
        try await inner.reconcile(active: routes)
    }

    /// Reconciles the provider to the routes in use: removes leftovers and repairs drift.
    func repair() async throws {
        await enterRepair()
        defer { leaveRepair() }
        try await inner.reconcile(active: Array(active.values))
    }

    private func enterCall() async {
        while repairing || repairsWaiting > 0 { await wait() }
        callsInProgress += 1
    }

    private func leaveCall() {
        callsInProgress -= 1
        if callsInProgress == 0 { wakeAll() }
    }

    private func enterRepair() async {
        repairsWaiting += 1
        while repairing || callsInProgress > 0 { await wait() }
        repairsWaiting -= 1
        repairing = true
    }

    private func leaveRepair() {
        repairing = false
        wakeAll()
    }

    private func wait() async {
        await withCheckedContinuation { waiters.append($0) }
    }

    private func wakeAll() {
        let woken = waiters
        waiters.removeAll()
        for waiter in woken { waiter.resume() }
    }
}
