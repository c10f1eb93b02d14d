public import KubeLegoKube
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoHTTP
import Logging
import Synchronization
public import ServiceLifecycle

/// The controller as a long-running service: watches Ingresses, Gateways (when `LEGO_GATEWAY_CLASSES` names
/// any) and the Secrets it manages, keeps a work queue fed from watch events, renewal times, back-off and the
/// periodic check, and runs LEGO_WORKERS workers.
///
/// On graceful shutdown it stops handing out work, lets workers finish the Ingress in hand, and returns.
public final class Controller: ServiceLifecycle.Service, Sendable {
    private let environment: ControllerEnvironment
    private let queue = WorkQueue<SourceKey>()
    private let ingresses: Informer<Ingress>
    private let gateways: Informer<Gateway>?
    private let sources: CertificateSources
    private let secrets: Informer<Secret>
    private let reconciler: Reconciler
    private let onSynced: @Sendable () -> Void
    /// The furthest ahead a key is queued; the periodic check looks at every Ingress long before this anyway.
    static let longestRequeue: Duration = .seconds(366 * 86_400)

    /// Makes a controller; `onSynced` is called once the Ingress cache is filled (e.g. to report ready).
    public init(environment: ControllerEnvironment, onSynced: @escaping @Sendable () -> Void = {}) {
        self.environment = environment
        let namespace = environment.configuration.watchNamespace
        self.ingresses = Informer<Ingress>(client: environment.kube, namespace: namespace, logger: environment.logger)
        // The Secret cache keeps metadata only; the planner's facts are derived from the data as it arrives.
        let secretFacts = ManagedSecretFacts(annotationKey: environment.configuration.annotationKey)
        self.secrets = Informer<Secret>(
            client: environment.kube, namespace: namespace,
            labelSelector: "\(Markers.managedByLabel)=\(Markers.managedByValue)",
            transform: { secretFacts.derive($0) }, logger: environment.logger)
        let gateways = environment.configuration.gatewayClasses.isEmpty
            ? nil : Informer<Gateway>(client: environment.kube, namespace: namespace, logger: environment.logger)
        self.gateways = gateways
        self.sources = CertificateSources(
            ingresses: ingresses.store, gateways: gateways?.store, configuration: environment.configuration,
            providerNames: Set(environment.providers.keys), secrets: secrets.store, secretFacts: secretFacts)
        self.reconciler = Reconciler(environment: environment, sources: sources)
        self.onSynced = onSynced
    }

    /// Runs until cancelled or gracefully shut down. With leader election, every replica keeps its caches warm
    /// and reports ready; only the leader cleans up, plans, orders and writes, and a leader that loses its lease
    /// stops (in-flight orders stay journaled for the next leader).
    public func run() async throws {
        let failure = Mutex<CoreError?>(nil)
        let lead: @Sendable () async -> Void = {
            do throws(CoreError) {
                try await self.lead()
            } catch {
                failure.withLock { $0 = error }
            }
        }
        await withDiscardingTaskGroup { background in
            background.addTask { await self.ingresses.run { await self.handle($0) } }
            background.addTask { await self.secrets.run { await self.handle($0) } }
            if let gateways { background.addTask { await gateways.run { await self.handle($0) } } }
            background.addTask { await self.promoteDueKeys() }
            await ingresses.waitUntilSynced()
            await gateways?.waitUntilSynced()
            // Planning takes kube-lego's Secrets from the cache: it must hold them all first.
            await secrets.waitUntilSynced()
            guard !Task.isCancelled else {
                background.cancelAll()
                return
            }
            environment.logger.info("caches synced", metadata: [
                "ingresses": "\(ingresses.store.count)", "gateways": "\(gateways.map { "\($0.store.count)" } ?? "not watched")",
                "managed_secrets": "\(secrets.store.count)",
            ])
            onSynced()
            let election = environment.configuration.leaderElection.map(makeElection)
            await withGracefulShutdownHandler {
                if let election { await election.run(lead: lead) } else { await lead() }
            } onGracefulShutdown: {
                self.queue.shutDown()
            }
            background.cancelAll()
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    /// The election on `settings`' Lease; leadership changes go to the `kube_lego_leader` metric.
    private func makeElection(_ settings: LeaderElectionSettings) -> LeaderElection {
        let metrics = environment.metrics
        metrics.recordLeading(false)
        return LeaderElection(
            client: environment.kube,
            settings: LeaderElection.Settings(
                namespace: environment.configuration.namespace, name: settings.leaseName, identity: settings.identity,
                leaseDuration: settings.leaseDuration, renewDeadline: settings.renewDeadline, retryPeriod: settings.retryPeriod),
            logger: environment.logger, onChange: { metrics.recordLeading($0) })
    }

    /// The leader's part: back-off state and journal as they are now, clean-up of an earlier leader's leftovers,
    /// every served Ingress queued, the periodic check and the workers, until the queue is shut down (graceful
    /// shutdown) or the task is cancelled (leadership lost).
    private func lead() async throws(CoreError) {
        try await environment.ledger.load()
        await environment.journal.pruneStored()
        guard !Task.isCancelled else { return }
        await startUp()
        await withDiscardingTaskGroup { group in
            group.addTask { await self.periodicCheck() }
            await withDiscardingTaskGroup { workers in
                for _ in 0..<environment.configuration.workers {
                    workers.addTask { await self.work() }
                }
            }
            group.cancelAll()
        }
    }

    /// Removes leftovers of an earlier run and queues every served Ingress.
    private func startUp() async {
        for provider in environment.keepers.values {
            do {
                try await provider.reconcile(active: [])
            } catch {
                environment.logger.warning("provider clean-up at start failed", metadata: ["provider": "\(provider.name)", "error": "\(error)"])
            }
        }
        queueAllServed()
    }

    private func work() async {
        while let key = await queue.next() {
            let next = await reconciler.reconcile(key)
            queue.done(key)
            if let next {
                // Saturated: a renewal date in the year 9999 (or a wild clock) must not trap the worker.
                let delay = Duration(saturatingSeconds: next.timeIntervalSince(environment.now()), in: .seconds(1) ... Self.longestRequeue)
                queue.add(key, at: .now + delay)
            }
        }
    }

    private func handle(_ event: InformerEvent<Ingress>) async {
        sources.record(event)
        handle(event, kind: .ingress, intent: sources.intent(of:))
    }

    private func handle(_ event: InformerEvent<Gateway>) async {
        sources.record(event)
        handle(event, kind: .gateway, intent: sources.intent(of:))
    }

    /// Queues an Ingress or Gateway that is served, or was before a change that may matter.
    private func handle<Object: KubeResource>(
        _ event: InformerEvent<Object>, kind: SourceKind, intent: (Object) -> IngressIntent
    ) {
        let configuration = environment.configuration
        func isServed(_ object: Object) -> Bool { intent(object).isServed(by: configuration) }
        switch event {
        case .added(let object):
            if isServed(object) { queue.add(key(object, kind)) }
        case .updated(let old, let new):
            let relevant = IngressIntent.isRelevantChange(from: old, to: new, annotationKey: configuration.annotationKey)
            if relevant && (isServed(new) || isServed(old)) { queue.add(key(new, kind)) }
        case .deleted(let object):
            if isServed(object) { queue.add(key(object, kind)) }
        }
    }

    /// A managed Secret changed or vanished (e.g. deleted by a person): look at the objects that name it.
    private func handle(_ event: InformerEvent<Secret>) async {
        let secret: Secret
        switch event {
        case .added: return
        case .updated(_, let new): secret = new
        case .deleted(let old):
            sources.secretFacts.forget(old)
            secret = old
        }
        for key in sources.served(naming: secret.metadata.name, in: secret.metadata.namespace ?? "default") {
            queue.add(key)
        }
    }

    private func promoteDueKeys() async {
        while !Task.isCancelled {
            let untilNext = queue.promoteDue(now: .now) ?? .seconds(1)
            environment.metrics.recordQueueDepth(queue.depth)
            try? await Task.sleep(for: min(max(untilNext, .milliseconds(50)), .seconds(1)))
        }
    }

    private func periodicCheck() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: environment.configuration.checkInterval)
            guard !Task.isCancelled else { return }
            environment.logger.info("periodic check of every served Ingress")
            queueAllServed()
            await repairRoutes()
            await pruneJournal()
        }
    }

    /// Drops journaled orders for certificates that no served Ingress names any more.
    private func pruneJournal() async {
        let wanted = Set(sources.served().flatMap(\.certificates).filter { !$0.secretName.isEmpty }.map(\.secret))
        await environment.journal.prune(keeping: wanted)
    }

    /// Brings every provider back to the routes in use (removes leftovers, repairs drift such as Endpoints
    /// pointing at an old pod IP), without touching the routes of orders in flight.
    private func repairRoutes() async {
        for keeper in environment.keepers.values {
            do {
                try await keeper.repair()
            } catch {
                environment.logger.warning("provider drift repair failed", metadata: ["provider": "\(keeper.name)", "error": "\(error)"])
            }
        }
    }

    private func queueAllServed() {
        for intent in sources.served() {
            queue.add(intent.source)
        }
    }

    private func key<Object: KubeResource>(_ object: Object, _ kind: SourceKind) -> SourceKey {
        SourceKey(kind, ObjectReference(namespace: object.metadata.namespace ?? "default", name: object.metadata.name))
    }

}
