#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoACME
import KubeLegoTLS
import Logging

/// Ordering through the order journal: a journaled order for the same hosts is resumed, a new one is journaled
/// (key first, then its URL as soon as the CA returns it) before the CA is asked anything else.
extension CertificateIssuer {
    /// The journal of in-flight orders, in LEGO_NAMESPACE (shared by every worker).
    var journal: OrderJournal { environment.journal }

    /// The certificate for `job` and its private key (PEM): from the journaled order when there is one for the
    /// same hosts, else from a new, journaled order. An order that cannot be finished (invalid, expired, unknown
    /// to the CA, or any failure but cancellation and transient trouble) leaves the journal.
    func obtain(
        _ job: Job, account: ACMEAccount, solvers: [any ChallengeSolver], options: IssuanceOptions, logger: Logger
    ) async throws -> (IssuedCertificate, keyPEM: String) {
        let certificate = job.certificate
        let journal = self.journal
        let identifiers = certificate.hosts.map(ACMEIdentifier.infer)
        var options = options
        var entry = try await journal.entry(for: certificate.secret)
        if let found = entry, Set(found.hosts) != Set(certificate.hosts) || (try? PrivateKey(pem: found.keyPEM)) == nil {
            logger.info("dropping a journaled order for other hosts", metadata: ["secret": "\(certificate.secret)", "acme.order": "\(found.orderURL ?? "none")"])
            entry = nil
        }
        let keyPEM: String
        let key: PrivateKey
        if let entry, let parsed = try? PrivateKey(pem: entry.keyPEM) {
            keyPEM = entry.keyPEM
            key = parsed
            if let orderURL = entry.orderURL {
                logger.notice("resuming a journaled order", metadata: ["secret": "\(certificate.secret)", "acme.order": "\(orderURL)"])
                do {
                    return try await settling(certificate.secret, journal: journal) { () async throws(ACMEError) in
                        let issued = try await environment.acme.resumeCertificate(
                            orderURL: orderURL, for: identifiers, certificateKey: key, account: account, solvers: solvers, options: options)
                        return (issued, keyPEM)
                    }
                } catch where error.code == .orderInvalid {
                    // Dead at the CA (often the stop's doing: a validation that met no responder). It is counted as a
                    // failure and left; a new order follows at once, whose own failure would bring the back-off.
                    await abandoned(job, orderURL: orderURL, error: error, logger: logger)
                } catch {
                    throw error
                }
            }
        } else {
            key = try await PrivateKey.generated(environment.configuration.keyType)
            keyPEM = try key.pemTraditional()
            try await journal.record(OrderJournalEntry(secret: certificate.secret, hosts: certificate.hosts, orderURL: nil, keyPEM: keyPEM))
        }
        let journaled = OrderJournalEntry(secret: certificate.secret, hosts: certificate.hosts, orderURL: nil, keyPEM: keyPEM)
        options.onOrderCreated = { orderURL in
            var withURL = journaled
            withURL.orderURL = orderURL
            do {
                try await journal.record(withURL)
            } catch {
                logger.warning("could not journal the order; a restart now would place it again", metadata: [
                    "secret": "\(journaled.secret)", "acme.order": "\(orderURL)", "error": "\(error)",
                ])
            }
        }
        return try await settling(certificate.secret, journal: journal) { () async throws(ACMEError) in
            do throws(ACMEError) {
                let issued = try await environment.acme.issueCertificate(
                    for: identifiers, certificateKey: key, account: account, solvers: solvers, options: options)
                return (issued, keyPEM)
            } catch where error.problem?.kind == .alreadyReplaced && options.replaces != nil {
                // RFC 9773 §5: the old certificate was replaced already (an earlier renewal whose certificate
                // never reached the Secret). Naming it again would fail the same way at every attempt.
                logger.notice("the CA says the certificate was already replaced; ordering without replaces", metadata: [
                    "secret": "\(certificate.secret)", "acme.replaces": "\(options.replaces ?? "")",
                ])
                var unnamed = options
                unnamed.replaces = nil
                let issued = try await environment.acme.issueCertificate(
                    for: identifiers, certificateKey: key, account: account, solvers: solvers, options: unnamed)
                return (issued, keyPEM)
            }
        }
    }

    /// Reports a journaled order the CA can no longer finish: a Warning Event and a failure in the metrics.
    private func abandoned(_ job: Job, orderURL: String, error: ACMEError, logger: Logger) async {
        environment.metrics.recordFailure(outcome: "order_abandoned")
        logger.warning("journaled order cannot be finished; ordering anew", metadata: [
            "secret": "\(job.certificate.secret)", "acme.order": "\(orderURL)", "error": "\(error)",
        ])
        await environment.events.emit(.about(
            job.certificate.source, .warning, "OrderAbandoned",
            "the order in flight for \(job.certificate.hosts.joined(separator: ", ")) before a restart cannot be finished (\(error)); ordering anew"))
    }

    /// Runs an ACME issuance; on a failure that ends the order (not cancellation, not a retryable CA or network
    /// problem) the journal entry of `secret` goes, so the next attempt orders anew.
    private func settling(
        _ secret: ObjectReference, journal: OrderJournal,
        _ body: () async throws(ACMEError) -> (IssuedCertificate, keyPEM: String)
    ) async throws(ACMEError) -> (IssuedCertificate, keyPEM: String) {
        do {
            return try await body()
        } catch {
            let keep = error.code == .cancelled || Task.isCancelled || (error.isRetryable && error.code != .timedOut)
            if !keep { await journal.remove(secret) }
            throw error
        }
    }
}
