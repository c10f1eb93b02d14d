import KubeLegoBasics
public import KubeLegoTLS
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoHTTP
import Logging

extension ACMEClient {
    /// Runs a whole issuance: newOrder, solve each authorization that is not yet valid (all at once), finalize
    /// with a CSR for `certificateKey`, wait for the certificate and download the chosen chain.
    ///
    /// `solvers` are in order of preference: per authorization the first solver whose challenge type the CA
    /// offers is used. Every presented challenge is cleaned up, on success, failure and cancellation alike.
    /// On failure, authorizations this attempt left pending are deactivated (best effort).
    public func issueCertificate(
        for identifiers: [ACMEIdentifier], certificateKey: PrivateKey, account: ACMEAccount,
        solvers: [any ChallengeSolver], options: IssuanceOptions = .init()
    ) async throws(ACMEError) -> IssuedCertificate {
        guard !identifiers.isEmpty else { throw ACMEError(.unsupported, "no identifiers to order a certificate for") }
        return try await recordingIssuance(options: options) { deadline async throws(ACMEError) in
            try await self.runOrder(identifiers, certificateKey: certificateKey, account: account, solvers: solvers,
                                    options: options, deadline: deadline)
        }
    }

    /// Runs `body` (given its deadline) under a fresh `IssuanceRecorder` and wraps what it returns.
    func recordingIssuance(
        options: IssuanceOptions,
        _ body: (ContinuousClock.Instant) async throws(ACMEError) -> (CertificateChain, String, String)
    ) async throws(ACMEError) -> IssuedCertificate {
        let recorder = IssuanceRecorder()
        let start = ContinuousClock.now
        let deadline = start + options.timeout
        do {
            let (chain, orderURL, certificateURL) = try await IssuanceRecorder.$current.withValue(recorder) {
                try await body(deadline)
            }
            recorder.setTotal(ContinuousClock.now - start)
            let metrics = recorder.snapshot
            logger.info("certificate issued", metadata: [
                "acme.order": .string(orderURL), "acme.requests": .stringConvertible(metrics.requestCount),
                "acme.seconds": .string(metrics.total.seconds.fixedText(places: 3)),
            ])
            return IssuedCertificate(chainPEM: chain.pem, chain: chain, orderURL: orderURL, certificateURL: certificateURL, metrics: metrics)
        } catch {
            throw ACMEError.wrapping(error)
        }
    }

    /// The newOrder request body (RFC 8555 §7.4, RFC 9773 §5, profiles draft).
    private struct NewOrderPayload: Encodable {
        let identifiers: [ACMEIdentifier]
        let replaces: String?
        let profile: String?
    }

    private func runOrder(
        _ identifiers: [ACMEIdentifier], certificateKey: PrivateKey, account: ACMEAccount,
        solvers: [any ChallengeSolver], options: IssuanceOptions, deadline: ContinuousClock.Instant
    ) async throws(ACMEError) -> (CertificateChain, String, String) {
        let directory = try await directory()
        if let profile = options.profile, directory.meta?.profiles?[profile] == nil {
            throw ACMEError(.unsupported, "the CA does not offer the certificate profile \"\(profile)\"", url: directoryURL)
        }
        let replaces = directory.renewalInfo == nil ? nil : options.replaces
        let created = try await post(directory.newOrder, json: NewOrderPayload(identifiers: identifiers, replaces: replaces, profile: options.profile),
                                     account: account)
        let orderURL = try created.location()
        let order = try created.decode(OrderResource.self)
        try checkIdentifiers(order.identifiers, requested: identifiers, orderURL: orderURL)
        var orderLogger = logger
        orderLogger[metadataKey: "acme.order"] = .string(orderURL)
        orderLogger.debug("order created", metadata: ["acme.identifiers": .string(identifiers.map(\.value).joined(separator: ","))])
        if let onOrderCreated = options.onOrderCreated { await onOrderCreated(orderURL) }
        return try await driveOrder(
            orderURL, order: order, retryAfter: created.retryAfter, identifiers: identifiers, certificateKey: certificateKey,
            account: account, solvers: solvers, options: options, deadline: deadline)
    }

    /// Takes an order from the state the CA last reported to a downloaded, checked certificate: authorizes,
    /// finalizes, polls and downloads as the order's status asks (RFC 8555 §7.4).
    func driveOrder(
        _ orderURL: String, order: OrderResource, retryAfter: Date?, identifiers: [ACMEIdentifier], certificateKey: PrivateKey,
        account: ACMEAccount, solvers: [any ChallengeSolver], options: IssuanceOptions, deadline: ContinuousClock.Instant
    ) async throws(ACMEError) -> (CertificateChain, String, String) {
        var order = order, retryAfter = retryAfter
        var authorized = false, finalized = false, finalizeAttempts = 0, polls = 0
        while true {
            switch OrderStep.next(status: order.status, certificateURL: order.certificate, error: order.error,
                                  authorized: authorized, finalized: finalized) {
            case .authorize:
                try await authorizeAll(order.authorizations, account: account, solvers: solvers, options: options, deadline: deadline)
                authorized = true
                // Every authorization is valid, so the order is ready: finalize without re-reading it first.
                fallthrough
            case .finalize:
                finalizeAttempts += 1
                if let next = try await finalize(order.finalize, identifiers: identifiers, certificateKey: certificateKey,
                                                 account: account, orderURL: orderURL, attempt: finalizeAttempts) {
                    order = next.order
                    retryAfter = next.retryAfter
                    finalized = true
                } else {
                    // The CA said orderNotReady: read the order and decide again.
                    order = try await fetchOrder(orderURL, account: account, retryAfter: &retryAfter)
                }
            case .poll:
                try await pause(attempt: polls, retryAfter: retryAfter, policy: options.polling, deadline: deadline, url: orderURL)
                polls += 1
                order = try await fetchOrder(orderURL, account: account, retryAfter: &retryAfter)
            case .download(let certificateURL):
                let (chain, chosenURL) = try await downloadChain(certificateURL, account: account, preferredChain: options.preferredChain)
                try checkIssued(chain, identifiers: identifiers, certificateKey: certificateKey, url: chosenURL)
                return (chain, orderURL, chosenURL)
            case .fail(let code, let reason, let problem):
                throw ACMEError(code, reason, url: orderURL, problem: problem)
            }
        }
    }

    func fetchOrder(_ url: String, account: ACMEAccount, retryAfter: inout Date?) async throws(ACMEError) -> OrderResource {
        let response = try await fetch(url, account: account)
        retryAfter = response.retryAfter
        return try response.decode(OrderResource.self)
    }

    /// The order must be for exactly the identifiers requested (RFC 8555 §7.4).
    func checkIdentifiers(_ ordered: [ACMEIdentifier], requested: [ACMEIdentifier], orderURL: String) throws(ACMEError) {
        func normalized(_ list: [ACMEIdentifier]) -> Set<ACMEIdentifier> {
            Set(list.map { ACMEIdentifier(type: $0.type, value: $0.value.lowercased()) })
        }
        guard normalized(ordered) == normalized(requested) else {
            throw ACMEError(.invalidResponse, "the order is for \(ordered.map(\.value)) instead of \(requested.map(\.value))", url: orderURL)
        }
    }

    /// Waits before the next poll, or throws `.timedOut` when the deadline has passed.
    func pause(attempt: Int, retryAfter: Date?, policy: PollingPolicy, deadline: ContinuousClock.Instant, url: String) async throws(ACMEError) {
        let remaining = deadline - ContinuousClock.now
        guard let delay = policy.delay(attempt: attempt, retryAfter: retryAfter, now: configuration.now(), remaining: remaining) else {
            throw ACMEError(.timedOut, "the deadline passed while waiting for the CA", url: url)
        }
        let start = ContinuousClock.now
        defer { IssuanceRecorder.current?.addPollingWait(ContinuousClock.now - start) }
        do {
            try await Task.sleep(for: delay)
        } catch {
            throw .cancelled(url)
        }
    }
}

extension ACMEError {
    /// Maps any error thrown inside the client to an `ACMEError` (cancellation included).
    static func wrapping(_ error: any Error) -> ACMEError {
        if let error = error as? ACMEError { return error }
        if error is CancellationError { return .cancelled() }
        return ACMEError(.invalidResponse, "unexpected error: \(error)")
    }
}
