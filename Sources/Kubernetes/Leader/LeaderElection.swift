#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import Logging
import Synchronization

/// Leader election on a `coordination.k8s.io/v1` Lease, with client-go's semantics: a candidate takes the lease
/// when it is free or its holder has not renewed it for `leaseDuration` (measured on this process's clock from
/// when the record last changed, never from the holder's timestamps, so clock skew cannot matter); the leader
/// renews every `retryPeriod` and stops leading once `renewDeadline` passes without a successful renewal, which is
/// before anyone else may take the lease (`renewDeadline` < `leaseDuration`). Updates use the Lease's
/// resourceVersion, so two candidates never both win.
public final class LeaderElection: Sendable {
    /// The Lease and the timings.
    public struct Settings: Sendable, Equatable {
        /// Namespace and name of the Lease.
        public var namespace: String
        public var name: String
        /// This candidate (the pod name).
        public var identity: String
        /// How long a holder's lease lasts without renewal (client-go: 15 s).
        public var leaseDuration: Duration
        /// How long the leader keeps leading without a successful renewal (client-go: 10 s).
        public var renewDeadline: Duration
        /// How often to try to acquire or renew (client-go: 2 s).
        public var retryPeriod: Duration

        /// Makes settings with client-go's default timings.
        public init(
            namespace: String, name: String, identity: String, leaseDuration: Duration = .seconds(15),
            renewDeadline: Duration = .seconds(10), retryPeriod: Duration = .seconds(2)
        ) {
            self.namespace = namespace
            self.name = name
            self.identity = identity
            self.leaseDuration = leaseDuration
            self.renewDeadline = renewDeadline
            self.retryPeriod = retryPeriod
        }
    }

    private struct Observed {
        var version: String?
        var holder: String?
        var duration: Duration = .zero
        var at: ContinuousClock.Instant = .now
    }

    private let client: KubeClient
    public let settings: Settings
    private let logger: Logger
    private let onChange: @Sendable (_ leading: Bool) -> Void
    private let observed = Mutex(Observed())
    private let leading = Atomic<Bool>(false)
    private let lastRenewal = Mutex<ContinuousClock.Instant>(.now)
    /// The Lease as this replica last wrote it while holding it: a renewal replaces it directly (client-go's fast
    /// path), one request instead of a read and a write; a conflict falls back to reading it.
    private let ownRecord = Mutex<Lease?>(nil)

    /// Makes an election; `onChange` is told of every change of leadership (for a metric and a log line).
    public init(client: KubeClient, settings: Settings, logger: Logger, onChange: @escaping @Sendable (Bool) -> Void = { _ in }) {
        self.client = client
        self.settings = settings
        self.logger = logger
        self.onChange = onChange
    }

    /// True while this candidate leads.
    public var isLeader: Bool { leading.load(ordering: .acquiring) }

    /// Runs until cancelled or until `lead` returns on its own: waits to acquire the lease, then runs `lead`
    /// while renewing. When renewal fails past the deadline, `lead` is cancelled, awaited, and the candidate
    /// waits to acquire again. When `lead` returns, or this task is cancelled, the lease is released so the next
    /// candidate takes over at once.
    public func run(lead: @escaping @Sendable () async -> Void) async {
        while !Task.isCancelled {
            guard await acquire() else { return }
            setLeading(true)
            let finished = await leadWhileRenewing(lead)
            if isLeader { setLeading(false) }
            if finished || Task.isCancelled {
                await release()
                return
            }
        }
    }

    /// Tries every `retryPeriod` until the lease is ours; false when cancelled first.
    private func acquire() async -> Bool {
        while !Task.isCancelled {
            if await tryAcquireOrRenew() { return true }
            try? await Task.sleep(for: settings.retryPeriod)
        }
        return false
    }

    /// Runs `lead` beside the renewal loop and a watchdog; true when `lead` returned on its own, false when
    /// leadership was lost (or the task cancelled).
    private func leadWhileRenewing(_ lead: @escaping @Sendable () async -> Void) async -> Bool {
        lastRenewal.withLock { $0 = .now }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await lead()
                return !Task.isCancelled
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: self.settings.retryPeriod)
                    if Task.isCancelled { break }
                    if await self.tryAcquireOrRenew() { self.lastRenewal.withLock { $0 = .now } }
                }
                return false
            }
            // The watchdog: a renewal stuck in a hanging request must not keep a leader acting past its lease.
            group.addTask {
                while !Task.isCancelled {
                    let deadline = self.lastRenewal.withLock { $0 } + self.settings.renewDeadline
                    if ContinuousClock.now >= deadline {
                        self.logger.warning("leader election: could not renew the lease in time; stopping work", metadata: [
                            "lease": "\(self.settings.namespace)/\(self.settings.name)",
                        ])
                        // Not leading from this instant, before the children (a renewal may be mid-request) wind down.
                        self.setLeading(false)
                        return false
                    }
                    try? await Task.sleep(until: deadline, clock: .continuous)
                }
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// One attempt: take a free or expired lease, renew our own; false when another holder's is live or the
    /// update lost a race.
    private func tryAcquireOrRenew() async -> Bool {
        let now = Date()
        let stamp = KubeTime.format(now, microseconds: true)
        let seconds = Int(settings.leaseDuration.components.seconds)
        if isLeader, var own = ownRecord.withLock({ $0 }) {
            own.renewTime = stamp
            if let renewed = try? await client.replace(own) {
                remember(renewed)
                return true
            }
        }
        ownRecord.withLock { $0 = nil }
        do {
            var lease: Lease
            do {
                lease = try await client.get(Lease.self, namespace: settings.namespace, name: settings.name)
            } catch where error.code == .notFound {
                var fresh = Lease(name: settings.name, namespace: settings.namespace)
                fresh.holderIdentity = settings.identity
                fresh.leaseDurationSeconds = seconds
                fresh.acquireTime = stamp
                fresh.renewTime = stamp
                fresh.leaseTransitions = 0
                let created = try await client.create(fresh)
                remember(created)
                ownRecord.withLock { $0 = created }
                return true
            }
            remember(lease)
            let holder = lease.holderIdentity ?? ""
            if holder != settings.identity, !holder.isEmpty, !observedExpired() { return false }
            if holder != settings.identity {
                lease.acquireTime = stamp
                lease.leaseTransitions = (lease.leaseTransitions ?? 0) + (holder.isEmpty ? 0 : 1)
            }
            lease.holderIdentity = settings.identity
            lease.leaseDurationSeconds = seconds
            lease.renewTime = stamp
            let written = try await client.replace(lease)
            remember(written)
            ownRecord.withLock { $0 = written }
            return true
        } catch {
            logger.debug("leader election: attempt failed", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// Notes the record; the expiry clock restarts whenever it changed.
    private func remember(_ lease: Lease) {
        observed.withLock { observed in
            let version = lease.metadata.resourceVersion
            if version != observed.version || lease.holderIdentity != observed.holder {
                observed = Observed(
                    version: version, holder: lease.holderIdentity,
                    duration: .seconds(lease.leaseDurationSeconds ?? Int(settings.leaseDuration.components.seconds)), at: .now)
            }
        }
    }

    private func observedExpired() -> Bool {
        observed.withLock { ContinuousClock.now >= $0.at + $0.duration }
    }

    /// Gives the lease up (holder emptied, duration 1 s) if we still hold it, so the next candidate need not wait.
    private func release() async {
        do {
            var lease = try await client.get(Lease.self, namespace: settings.namespace, name: settings.name)
            guard lease.holderIdentity == settings.identity else { return }
            lease.holderIdentity = ""
            lease.leaseDurationSeconds = 1
            lease.renewTime = KubeTime.format(Date(), microseconds: true)
            _ = try await client.replace(lease)
            logger.info("leader election: lease released", metadata: ["lease": "\(settings.namespace)/\(settings.name)"])
        } catch {
            logger.warning("leader election: could not release the lease", metadata: ["error": "\(error)"])
        }
    }

    private func setLeading(_ value: Bool) {
        leading.store(value, ordering: .releasing)
        logger.notice(value ? "leader election: leading" : "leader election: no longer leading", metadata: [
            "lease": "\(settings.namespace)/\(settings.name)", "identity": "\(settings.identity)",
        ])
        onChange(value)
    }
}
