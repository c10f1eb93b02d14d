#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoKube
import Logging
import Synchronization

/// Processes one key (an Ingress or a Gateway), level-based: looks at the object and its Secrets, plans each
/// TLS entry, orders what needs ordering, withdraws routes of objects no longer served, and says when to look
/// again.
final class Reconciler: Sendable {
    let environment: ControllerEnvironment
    let sources: CertificateSources
    let issuer: CertificateIssuer
    /// Objects that were served, by the provider that served them, so routes can be withdrawn when one is
    /// deleted or loses its annotation.
    let served = Mutex<[SourceKey: String]>([:])
    /// The Secrets each served object keeps per-Secret metrics for (`Reconciler+Metrics`).
    let reported = Mutex<[SourceKey: Set<ObjectReference>]>([:])
    /// The CA's suggested renewal windows (ARI), cached per certificate; shared with the issuer.
    let renewalWindows: RenewalWindows

    init(environment: ControllerEnvironment, sources: CertificateSources) {
        self.environment = environment
        self.sources = sources
        self.renewalWindows = RenewalWindows(acme: environment.acme, logger: environment.logger)
        self.issuer = CertificateIssuer(environment: environment, renewalWindows: renewalWindows, writtenSecrets: sources.secretFacts)
    }

    private var configuration: Configuration { environment.configuration }

    /// Reconciles `key`; returns when it should be looked at again (renewal time, back-off), if sooner than
    /// the periodic check.
    func reconcile(_ key: SourceKey) async -> Date? {
        guard let intent = sources.intent(for: key), intent.isServed(by: configuration) else {
            await stopServing(key)
            return nil
        }
        guard let provider = environment.providers[intent.resolution.provider] else {
            await environment.events.emit(.about(
                key, .warning, "ProviderNotRunning",
                "class \(intent.resolution.ingressClass) maps to provider \(intent.resolution.provider), which is not in "
                    + "LEGO_SUPPORTED_INGRESS_PROVIDER (\(configuration.supportedProviders.joined(separator: ","))); no certificate ordered"))
            return nil
        }
        for warning in intent.warnings {
            await environment.events.emit(.about(key, .warning, warning.reason, warning.message))
        }
        served.withLock { $0[key] = provider.name }
        report(key, secrets: intent.certificates)
        let now = environment.now()
        let conflicts = sources.conflicts(of: intent)
        let sources = sources
        let context = EntryDecision.Context(
            planner: Planner(minimumValidity: configuration.minimumValidity, directoryURL: configuration.acmeDirectoryURL),
            conflicts: conflicts, hostPolicy: configuration.hostPolicy, claimsFor: { sources.claims(for: $0, replacing: key) })
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
                        certificate: desired, reason: reason, method: method, replaces: replaces(inspected, reason: reason),
                        secretWasAbsent: inspected == nil))
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

    /// The Secret's facts and its certificate's ARI identifier; nil when the Secret does not exist. A Secret of
    /// kube-lego's is taken from the informer's cache (`ManagedSecretFacts`); any other (absent, someone else's,
    /// or just written and not yet cached) is read.
    private func inspect(_ secret: ObjectReference) async throws(KubeError) -> InspectedSecret? {
        let inspected: InspectedSecret
        if let cached = sources.secretFacts.inspected(
            secret, cached: sources.secrets.get(namespace: secret.namespace, name: secret.name), now: environment.now())
        {
            inspected = cached
        } else {
            do {
                let object = try await environment.kube.get(Secret.self, namespace: secret.namespace, name: secret.name)
                inspected = InspectedSecret(object, annotationKey: configuration.annotationKey)
            } catch where error.code == .notFound {
                return nil
            }
        }
        if let notAfter = inspected.facts.certificate?.notAfter, inspected.facts.managedByKubeLego {
            environment.metrics.certificateNotAfter(secret, notAfter)
        }
        return inspected
    }

    private func refuse(_ desired: DesiredCertificate, _ refusal: Refusal) async {
        if Self.hasMetrics(desired) { environment.metrics.certificateReady(desired.secret, false) }
        await environment.events.emit(.about(
            desired.source, .warning, refusal.eventReason,
            "\(desired.entryLabel) (Secret \(desired.secretName.isEmpty ? "-" : desired.secretName)): \(refusal)"))
    }

    /// Withdraws routes of an object kube-lego served before and no longer serves.
    private func stopServing(_ key: SourceKey) async {
        report(key, secrets: [])
        guard let name = served.withLock({ $0.removeValue(forKey: key) }), let provider = environment.providers[name] else { return }
        do {
            try await provider.withdraw(ingress: key.object)
        } catch {
            environment.logger.warning("could not withdraw challenge routes", metadata: ["object": "\(key)", "error": "\(error)"])
        }
    }
}
