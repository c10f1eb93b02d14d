#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoACME
import KubeLegoTLS
import Logging
import Synchronization

/// Orders the certificates one Ingress needs. Jobs are grouped by the challenge method chosen for each TLS
/// entry; each method prepares once for the union of its hosts (HTTP-01: routes through the Ingress's
/// provider; DNS-01: nothing a provider sees), every certificate of the group is ordered (all-or-nothing per TLS
/// entry: never a certificate for a silent subset of its hosts) and stored in its Secret, and the method
/// finishes. Failures go to the durable ledger and to Events.
final class CertificateIssuer: Sendable {
    let environment: ControllerEnvironment
    /// Secrets being issued right now, so two Ingresses naming one Secret never order it twice at once.
    let inFlight = Mutex<Set<ObjectReference>>([])
    /// The CA's suggested renewal windows (ARI), asked about each new certificate.
    let renewalWindows: RenewalWindows
    /// Told about every Secret written, so planning does not trust a cache that has not seen the write yet.
    let writtenSecrets: ManagedSecretFacts

    init(environment: ControllerEnvironment, renewalWindows: RenewalWindows, writtenSecrets: ManagedSecretFacts) {
        self.environment = environment
        self.renewalWindows = renewalWindows
        self.writtenSecrets = writtenSecrets
    }

    /// One certificate to order, why, the challenge method that proves its hosts, the ARI identifier of the
    /// certificate it replaces (renewals of a certificate from the configured directory; RFC 9773 `replaces`),
    /// and whether its Secret did not exist when planned (then it is created without a read first).
    struct Job: Sendable {
        let certificate: DesiredCertificate
        let reason: IssueReason
        let method: String
        var replaces: String? = nil
        var secretWasAbsent = false
    }

    /// Orders `jobs` for `intent`; `provider` serves the Ingress's class. Returns when to look at the Ingress
    /// again: the earliest retry time of a failure or renewal time of a new certificate.
    func issue(_ jobs: [Job], intent: IngressIntent, provider: any IngressProvider) async -> Date? {
        let claimed = jobs.filter { job in inFlight.withLock { $0.insert(job.certificate.secret).inserted } }
        defer { inFlight.withLock { set in claimed.forEach { set.remove($0.certificate.secret) } } }
        let skipped = jobs.count - claimed.count
        var retryAt: Date? = skipped > 0 ? environment.now().addingTimeInterval(5) : nil
        guard !claimed.isEmpty else { return retryAt }
        let logger = logger(for: intent)
        let account: ACMEAccount
        do {
            account = try await environment.accounts.account()
        } catch {
            for job in claimed { retryAt = earliest(retryAt, await fail(job, error: error, logger: logger)) }
            return retryAt
        }
        for (name, group) in Self.grouped(claimed) {
            if Task.isCancelled { break }
            guard let method = environment.methods[name] else {
                let error = CoreError(.issuance, "challenge method \(name) is not configured", subject: "\(intent.source)")
                for job in group { retryAt = earliest(retryAt, await fail(job, error: error, logger: logger)) }
                continue
            }
            let target = ChallengeTarget(routes: routes(for: group, intent: intent), provider: provider)
            retryAt = earliest(retryAt, await issue(group, with: method, target: target, account: account, logger: logger))
        }
        return retryAt
    }

    /// One method's round: prepare, order each job with its solvers, always finish.
    private func issue(
        _ jobs: [Job], with method: any ChallengeMethod, target: ChallengeTarget, account: ACMEAccount, logger: Logger
    ) async -> Date? {
        var retryAt: Date?
        let solvers: [any ChallengeSolver]
        do {
            solvers = try await method.prepare(target)
        } catch {
            for job in jobs { retryAt = earliest(retryAt, await fail(job, error: error, logger: logger)) }
            await method.finish(target)
            return retryAt
        }
        // The entries of one Ingress are ordered side by side, at most LEGO_WORKERS at a time.
        let width = max(1, environment.configuration.workers)
        await withTaskGroup(of: Date?.self) { group in
            var pending = jobs[...]
            func start() {
                guard let job = pending.popFirst() else { return }
                group.addTask { await self.orderOrFail(job, account: account, solvers: solvers, logger: logger) }
            }
            for _ in 0..<min(width, jobs.count) { start() }
            for await next in group {
                retryAt = earliest(retryAt, next)
                if !Task.isCancelled { start() }
            }
        }
        await method.finish(target)
        return retryAt
    }

    /// Orders one job; a failure goes to the ledger and Events. Cancelled (shutting down): no back-off, a
    /// journaled order is resumed by the next run.
    private func orderOrFail(_ job: Job, account: ACMEAccount, solvers: [any ChallengeSolver], logger: Logger) async -> Date? {
        guard !Task.isCancelled else { return nil }
        do {
            return try await order(job, account: account, solvers: solvers, logger: logger)
        } catch where Task.isCancelled {
            return nil
        } catch {
            return await fail(job, error: error, logger: logger)
        }
    }

    /// The jobs by method, methods in the order their first job comes.
    private static func grouped(_ jobs: [Job]) -> [(String, [Job])] {
        var groups: [(String, [Job])] = []
        for job in jobs {
            if let index = groups.firstIndex(where: { $0.0 == job.method }) {
                groups[index].1.append(job)
            } else {
                groups.append((job.method, [job]))
            }
        }
        return groups
    }

    /// The Ingress's class and the union of the jobs' hosts, in order.
    private func routes(for jobs: [Job], intent: IngressIntent) -> ChallengeRoutes {
        var hosts: [String] = []
        for job in jobs { hosts += job.certificate.hosts.filter { !hosts.contains($0) } }
        return ChallengeRoutes(
            ingress: intent.ingress, ingressClass: intent.resolution.ingressClass,
            classFromAnnotation: intent.resolution.fromAnnotation, hosts: hosts, kind: intent.kind)
    }

    /// Orders and stores one certificate; returns when it will need renewing.
    private func order(_ job: Job, account: ACMEAccount, solvers: [any ChallengeSolver], logger: Logger) async throws -> Date {
        let configuration = environment.configuration
        let certificate = job.certificate
        logger.info("ordering certificate", metadata: [
            "secret": "\(certificate.secret)", "hosts": "\(certificate.hosts.joined(separator: ","))",
            "reason": "\(job.reason)", "challenge": "\(job.method)", "acme.replaces": "\(job.replaces ?? "none")",
        ])
        let started = ContinuousClock.now
        let (issued, keyPEM) = try await obtain(
            job, account: account, solvers: solvers,
            options: IssuanceOptions(preferredChain: configuration.preferredChain, replaces: job.replaces), logger: logger)
        let version = try await environment.secrets.store(
            certificateChainPEM: issued.chainPEM, privateKeyPEM: keyPEM, to: certificate.secret, expectAbsent: job.secretWasAbsent,
            now: environment.now)
        writtenSecrets.expect(certificate.secret, resourceVersion: version, now: environment.now())
        await journal.removeStored(certificate.secret)
        await environment.ledger.recordSuccess(certificate.secret)
        let leaf = issued.chain.leaf
        let renewal = job.reason.isRenewal
        environment.metrics.recordIssued(certificate.secret, notAfter: leaf.notAfter, renewal: renewal,
                                         duration: ContinuousClock.now - started)
        logger.info("certificate stored", metadata: [
            "secret": "\(certificate.secret)", "not_after": "\(leaf.notAfter.formatted(.iso8601))",
            "acme.order": "\(issued.orderURL)", "acme.requests": "\(issued.requestCount)",
        ])
        await environment.events.emit(.about(
            certificate.source, .normal, renewal ? "CertificateRenewed" : "CertificateIssued",
            "\(renewal ? "renewed" : "issued") certificate for \(certificate.hosts.joined(separator: ", ")) into Secret "
                + "\(certificate.secretName), valid until \(leaf.notAfter.formatted(.iso8601)) (\(job.reason))"))
        return await renewalTime(of: leaf, in: certificate.secret)
    }

    /// When the new certificate `leaf` in `secret` renews (ARI-aware: the CA is asked about it at once, as nothing
    /// else would look at it before the rule's time or the periodic check), recorded in the metrics; or when to
    /// ask the CA again, if sooner.
    private func renewalTime(of leaf: Certificate, in secret: ObjectReference) async -> Date {
        let configuration = environment.configuration
        let planner = Planner(minimumValidity: configuration.minimumValidity, directoryURL: configuration.acmeDirectoryURL)
        let facts = CertificateFacts(
            names: Set(leaf.dnsNames + leaf.ipAddresses), notBefore: leaf.notBefore, notAfter: leaf.notAfter, serialNumber: leaf.serialNumberHex)
        let now = environment.now()
        let suggestion = await renewalWindows.suggestion(for: leaf, now: now)
        let renewAt = planner.renewalTime(of: facts, window: suggestion?.window, now: now)
        environment.metrics.certificateRenewal(secret, at: renewAt)
        environment.metrics.certificateReady(secret, true)
        return earliest(renewAt, suggestion?.refreshAt) ?? renewAt
    }

    private func fail(_ job: Job, error: any Error, logger: Logger) async -> Date {
        let failure = IssuanceFailure(error, hosts: job.certificate.hosts)
        let next = await environment.ledger.recordFailure(
            job.certificate.secret, error: failure.message, retryAfter: IssuanceFailure.retryAfter(of: error),
            now: environment.now())
        environment.metrics.recordFailure(outcome: failure.outcome)
        environment.metrics.certificateReady(job.certificate.secret, false)
        logger.warning("issuance failed", metadata: [
            "secret": "\(job.certificate.secret)", "reason": "\(failure.reason)", "error": "\(failure.message)",
            "next_attempt": "\(next.formatted(.iso8601))",
        ])
        await environment.events.emit(.about(
            job.certificate.source, .warning, failure.reason,
            "\(failure.message); next attempt at \(next.formatted(.iso8601))"))
        return next
    }

    private func logger(for intent: IngressIntent) -> Logger {
        var logger = environment.logger
        let prefix = intent.kind == .ingress ? "ingress" : "gateway"
        logger[metadataKey: "\(prefix).namespace"] = "\(intent.ingress.namespace)"
        logger[metadataKey: "\(prefix).name"] = "\(intent.ingress.name)"
        logger[metadataKey: "provider"] = "\(intent.resolution.provider)"
        return logger
    }
}

/// The earlier of two optional dates.
func earliest(_ lhs: Date?, _ rhs: Date?) -> Date? {
    switch (lhs, rhs) {
    case (nil, let date), (let date, nil): date
    case (let lhs?, let rhs?): min(lhs, rhs)
    }
}
