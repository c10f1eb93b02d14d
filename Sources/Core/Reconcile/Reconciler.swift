import Foundation
import KubeLegoKube
import Logging
import Synchronization

/// Processes one Ingress key, level-based: re-reads the Ingress and its Secrets, plans each TLS entry, orders
/// what needs ordering, withdraws routes of Ingresses no longer served, and says when to look again.
final class Reconciler: Sendable {
    let environment: ControllerEnvironment
    let ingresses: ObjectStore<Ingress>
    let issuer: CertificateIssuer
    /// Ingresses that were served, by the provider that served them, so routes can be withdrawn when an
    /// Ingress is deleted or loses its annotation.
    let served = Mutex<[ObjectReference: String]>([:])
    /// The Secrets each served Ingress keeps per-Secret metrics for (`Reconciler+Metrics`).
    let reported = Mutex<[ObjectReference: Set<ObjectReference>]>([:])
    /// The CA's suggested renewal windows (ARI), cached per certificate; shared with the issuer.
    let renewalWindows: RenewalWindows

    init(environment: ControllerEnvironment, ingresses: ObjectStore<Ingress>) {
        self.environment = environment
        self.ingresses = ingresses
        self.renewalWindows = RenewalWindows(acme: environment.acme, logger: environment.logger)
        self.issuer = CertificateIssuer(environment: environment, renewalWindows: renewalWindows)
    }

    private var configuration: Configuration { environment.configuration }
    private var providerNames: Set<String> { Set(environment.providers.keys) }

    /// Reconciles `key`; returns when it should be looked at again (renewal time, back-off), if sooner than
    /// the periodic check.
    func reconcile(_ key: ObjectReference) async -> Date? {
        guard let ingress = ingresses.get(namespace: key.namespace, name: key.name) else {
            await stopServing(key)
            return nil
        }
        let intent = IngressIntent(ingress, configuration: configuration, providerNames: providerNames)
        guard intent.isServed(by: configuration) else {
            await stopServing(key)
            return nil
        }
        guard let provider = environment.providers[intent.resolution.provider] else {
            await environment.events.emit(.ingress(
                key, .warning, "ProviderNotRunning",
                "class \(intent.resolution.ingressClass) maps to provider \(intent.resolution.provider), which is not in "
                    + "LEGO_SUPPORTED_INGRESS_PROVIDER (\(configuration.supportedProviders.joined(separator: ","))); no certificate ordered"))
            return nil
        }
        served.withLock { $0[key] = provider.name }
        report(key, secrets: intent.certificates)
        let now = environment.now()
        let conflicts = SecretConflicts.find(in: servedCertificates(in: key.namespace))
        let store = ingresses
        let context = EntryDecision.Context(
            planner: Planner(minimumValidity: configuration.minimumValidity, directoryURL: configuration.acmeDirectoryURL),
            conflicts: conflicts, hostPolicy: configuration.hostPolicy,
            claims: { store.list().flatMap(HostClaim.claims) })
        var jobs: [CertificateIssuer.Job] = []
        var next: Date?
        for desired in intent.certificates {
            // Refusals that need no Secret are made before reading it.
            if let refusal = Planner.refusal(of: desired) ?? conflicts[desired.secret].map({ .secretSharedWithDifferentHosts(ingresses: $0) }) {
                await refuse(desired, refusal)
                continue
            }
            let inspected: InspectedSecret?
            do {
                inspected = try await inspect(desired.secret)
            } catch {
                environment.logger.warning("could not read Secret", metadata: ["secret": "\(desired.secret)", "error": "\(error)"])
                next = earliest(next, now.addingTimeInterval(60))
                continue
            }
            let (facts, askAgainAt) = await withRenewalWindow(inspected, desired: desired, planner: context.planner, now: now)
            if let certificate = facts?.certificate, facts?.managedByKubeLego == true {
                environment.metrics.certificateRenewal(
                    desired.secret, at: context.planner.renewalTime(of: certificate, window: facts?.renewalWindow, now: now))
            }
            let notBefore = await environment.ledger.notBefore(desired.secret)
            switch EntryDecision.decide(desired, secret: facts, notBefore: notBefore, context: context, now: now) {
            case .refuse(let refusal):
                await refuse(desired, refusal)
            case .upToDate(let recheckAt):
                environment.metrics.certificateReady(desired.secret, true)
                next = earliest(next, earliest(recheckAt, askAgainAt))
            case .backingOff(let until, let reason):
                environment.metrics.certificateReady(
                    desired.secret, CertificateReadiness.isReady(.issue(reason), secret: facts, failing: true, now: now))
                environment.logger.debug("waiting for back-off", metadata: ["secret": "\(desired.secret)", "until": "\(until)"])
                next = earliest(next, until)
            case .issue(let reason):
                let failing = await environment.ledger.entries()[desired.secret] != nil
                environment.metrics.certificateReady(
                    desired.secret, CertificateReadiness.isReady(.issue(reason), secret: facts, failing: failing, now: now))
                switch chooseMethod(for: desired, intent: intent) {
                case .method(let method):
                    jobs.append(CertificateIssuer.Job(
                        certificate: desired, reason: reason, method: method, replaces: replaces(inspected, reason: reason)))
                case .refuse(let refusal): await refuse(desired, refusal)
                }
            }
        }
        if !jobs.isEmpty {
            next = earliest(next, await issuer.issue(jobs, intent: intent, provider: provider))
        }
        return next
    }

    /// The challenge method for `desired`: the Ingress's choice, the default, or one that can validate its hosts.
    private func chooseMethod(for desired: DesiredCertificate, intent: IngressIntent) -> ChallengeSelection.Choice {
        ChallengeSelection.choose(
            hosts: desired.hosts, requested: intent.challenge, defaultMethod: configuration.defaultChallenge,
            methods: environment.methods.mapValues { method in { method.canValidate(host: $0) } })
    }

    /// The desired certificates of every served Ingress in `namespace` (for conflict detection).
    private func servedCertificates(in namespace: String) -> [DesiredCertificate] {
        ingresses.list(namespace: namespace)
            .map { IngressIntent($0, configuration: configuration, providerNames: providerNames) }
            .filter { $0.isServed(by: configuration) }
            .flatMap(\.certificates)
    }

    /// The Secret's facts and its leaf certificate; nil when the Secret does not exist.
    private func inspect(_ secret: ObjectReference) async throws(KubeError) -> InspectedSecret? {
        do {
            let object = try await environment.kube.get(Secret.self, namespace: secret.namespace, name: secret.name)
            let facts = SecretInspector.facts(of: object, annotationKey: configuration.annotationKey)
            if let notAfter = facts.certificate?.notAfter, facts.managedByKubeLego {
                environment.metrics.certificateNotAfter(secret, notAfter)
            }
            return InspectedSecret(facts: facts, leaf: SecretInspector.leaf(of: object))
        } catch where error.code == .notFound {
            return nil
        }
    }

    private func refuse(_ desired: DesiredCertificate, _ refusal: Refusal) async {
        if Self.hasMetrics(desired) { environment.metrics.certificateReady(desired.secret, false) }
        await environment.events.emit(.ingress(
            desired.ingress, .warning, refusal.eventReason,
            "spec.tls[\(desired.index)] (Secret \(desired.secretName.isEmpty ? "-" : desired.secretName)): \(refusal)"))
    }

    /// Withdraws routes of an Ingress kube-lego served before and no longer serves.
    private func stopServing(_ key: ObjectReference) async {
        report(key, secrets: [])
        guard let name = served.withLock({ $0.removeValue(forKey: key) }), let provider = environment.providers[name] else { return }
        do {
            try await provider.withdraw(ingress: key)
        } catch {
            environment.logger.warning("could not withdraw challenge routes", metadata: ["ingress": "\(key)", "error": "\(error)"])
        }
    }
}
