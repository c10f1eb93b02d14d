import Foundation
import KubeLegoACME
import KubeLegoTLS
import Logging
import Synchronization

/// Orders the certificates one Ingress needs: routes the challenge path once for all of them, orders each
/// (all-or-nothing per TLS entry: never a certificate for a silent subset of its hosts), stores each in its
/// Secret, and withdraws the routes. Failures go to the durable ledger and to Events.
final class CertificateIssuer: Sendable {
    let environment: ControllerEnvironment
    /// Secrets being issued right now, so two Ingresses naming one Secret never order it twice at once.
    let inFlight = Mutex<Set<ObjectReference>>([])

    init(environment: ControllerEnvironment) {
        self.environment = environment
    }

    /// One certificate to order and why.
    struct Job: Sendable {
        let certificate: DesiredCertificate
        let reason: IssueReason
    }

    /// Orders `jobs` for `intent` through `provider`; returns when to look at the Ingress again: the earliest
    /// retry time of a failure or renewal time of a new certificate.
    func issue(_ jobs: [Job], intent: IngressIntent, provider: any IngressProvider) async -> Date? {
        let claimed = jobs.filter { job in inFlight.withLock { $0.insert(job.certificate.secret).inserted } }
        defer { inFlight.withLock { set in claimed.forEach { set.remove($0.certificate.secret) } } }
        let skipped = jobs.count - claimed.count
        var retryAt: Date? = skipped > 0 ? environment.now().addingTimeInterval(5) : nil
        guard !claimed.isEmpty else { return retryAt }

        var hosts: [String] = []
        for job in claimed { hosts += job.certificate.hosts.filter { !hosts.contains($0) } }
        let routes = ChallengeRoutes(
            ingress: intent.ingress, ingressClass: intent.resolution.ingressClass,
            classFromAnnotation: intent.resolution.fromAnnotation, hosts: hosts)
        let logger = logger(for: intent)
        do {
            try await provider.expose(routes)
        } catch {
            let wrapped = CoreError(.provider, "\(provider.name): \(error)", subject: "Ingress \(intent.ingress)")
            for job in claimed { retryAt = earliest(retryAt, await fail(job, error: wrapped, logger: logger)) }
            await withdraw(intent.ingress, from: provider, logger: logger)
            return retryAt
        }
        if provider.propagationTimeout > .seconds(300) {
            await environment.events.emit(.ingress(
                intent.ingress, .normal, "WaitingForRoute",
                "challenge paths for \(hosts.joined(separator: ", ")) written; \(provider.name) may take up to "
                    + "\(GoDuration.format(provider.propagationTimeout)) to route them; the CA is asked only once they answer"))
        }
        let account: ACMEAccount
        do {
            account = try await environment.accounts.account()
        } catch {
            for job in claimed { retryAt = earliest(retryAt, await fail(job, error: error, logger: logger)) }
            await withdraw(intent.ingress, from: provider, logger: logger)
            return retryAt
        }
        for job in claimed {
            if Task.isCancelled { break }
            do {
                let renewAt = try await order(
                    job, account: account, provider: provider, ingressClass: intent.resolution.ingressClass, logger: logger)
                retryAt = earliest(retryAt, renewAt)
            } catch where Task.isCancelled {
                break  // shutting down: no back-off for it; a journaled order is resumed by the next run
            } catch {
                retryAt = earliest(retryAt, await fail(job, error: error, logger: logger))
            }
        }
        await withdraw(intent.ingress, from: provider, logger: logger)
        return retryAt
    }

    /// Orders and stores one certificate; returns when it will need renewing.
    private func order(
        _ job: Job, account: ACMEAccount, provider: any IngressProvider, ingressClass: String, logger: Logger
    ) async throws -> Date {
        let configuration = environment.configuration
        let certificate = job.certificate
        logger.info("ordering certificate", metadata: [
            "secret": "\(certificate.secret)", "hosts": "\(certificate.hosts.joined(separator: ","))",
            "reason": "\(job.reason)",
        ])
        let started = ContinuousClock.now
        let (issued, keyPEM) = try await obtain(
            job, account: account,
            solvers: environment.solvers(provider, ingressClass),
            options: IssuanceOptions(preferredChain: configuration.preferredChain), logger: logger)
        try await environment.secrets.store(
            certificateChainPEM: issued.chainPEM, privateKeyPEM: keyPEM, to: certificate.secret, now: environment.now)
        await journal.remove(certificate.secret)
        await environment.ledger.recordSuccess(certificate.secret)
        let leaf = issued.chain.leaf
        let renewal = job.reason.isRenewal
        environment.metrics.recordIssued(certificate.secret, notAfter: leaf.notAfter, renewal: renewal,
                                         duration: ContinuousClock.now - started)
        logger.info("certificate stored", metadata: [
            "secret": "\(certificate.secret)", "not_after": "\(leaf.notAfter.formatted(.iso8601))",
            "acme.order": "\(issued.orderURL)", "acme.requests": "\(issued.requestCount)",
        ])
        await environment.events.emit(.ingress(
            certificate.ingress, .normal, renewal ? "CertificateRenewed" : "CertificateIssued",
            "\(renewal ? "renewed" : "issued") certificate for \(certificate.hosts.joined(separator: ", ")) into Secret "
                + "\(certificate.secretName), valid until \(leaf.notAfter.formatted(.iso8601)) (\(job.reason))"))
        let planner = Planner(minimumValidity: configuration.minimumValidity, directoryURL: configuration.acmeDirectoryURL)
        return planner.renewalTime(of: CertificateFacts(
            names: Set(leaf.dnsNames + leaf.ipAddresses), notBefore: leaf.notBefore, notAfter: leaf.notAfter))
    }

    private func fail(_ job: Job, error: any Error, logger: Logger) async -> Date {
        let failure = IssuanceFailure(error, hosts: job.certificate.hosts)
        let next = await environment.ledger.recordFailure(
            job.certificate.secret, error: failure.message, retryAfter: IssuanceFailure.retryAfter(of: error),
            now: environment.now())
        environment.metrics.recordFailure(outcome: failure.outcome)
        logger.warning("issuance failed", metadata: [
            "secret": "\(job.certificate.secret)", "reason": "\(failure.reason)", "error": "\(failure.message)",
            "next_attempt": "\(next.formatted(.iso8601))",
        ])
        await environment.events.emit(.ingress(
            job.certificate.ingress, .warning, failure.reason,
            "\(failure.message); next attempt at \(next.formatted(.iso8601))"))
        return next
    }

    private func withdraw(_ ingress: ObjectReference, from provider: any IngressProvider, logger: Logger) async {
        do {
            try await provider.withdraw(ingress: ingress)
        } catch {
            logger.warning("could not withdraw challenge routes", metadata: ["error": "\(error)"])
        }
    }

    private func logger(for intent: IngressIntent) -> Logger {
        var logger = environment.logger
        logger[metadataKey: "ingress.namespace"] = "\(intent.ingress.namespace)"
        logger[metadataKey: "ingress.name"] = "\(intent.ingress.name)"
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
