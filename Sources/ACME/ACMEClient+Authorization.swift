#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoTLS
import Logging
import Synchronization

extension ACMEClient {
    /// Solves every authorization of an order concurrently. On the first failure the others are cancelled
    /// (each still cleans up its solver), authorizations left pending are deactivated (unless the failure is
    /// cancellation, so the order stays resumable), and the most telling error is thrown (a real failure wins over the cancellations it caused).
    func authorizeAll(_ urls: [String], account: ACMEAccount, solvers: [any ChallengeSolver], options: IssuanceOptions,
                      deadline: ContinuousClock.Instant) async throws(ACMEError) {
        let pending = PendingAuthorizations()
        let failure: ACMEError? = await withTaskGroup(of: ACMEError?.self) { group in
            for url in urls {
                group.addTask {
                    do throws(ACMEError) {
                        try await self.authorize(url, account: account, solvers: solvers, options: options, deadline: deadline, pending: pending)
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            var first: ACMEError?
            for await result in group {
                guard let error = result else { continue }
                if first == nil || (first?.code == .cancelled && error.code != .cancelled) { first = error }
                group.cancelAll()
            }
            return first
        }
        guard let failure else { return }
        // A cancelled issuance (shutdown, or a process about to stop) leaves its order resumable.
        guard failure.code != .cancelled else { throw failure }
        await deactivate(pending.remaining, account: account)
        throw failure
    }

    /// Solves one authorization: skip when valid, else present a challenge, respond, poll to a final state.
    private func authorize(_ url: String, account: ACMEAccount, solvers: [any ChallengeSolver], options: IssuanceOptions,
                           deadline: ContinuousClock.Instant, pending: PendingAuthorizations) async throws(ACMEError) {
        let first = try await fetch(url, account: account)
        let authorization = try first.decode(AuthorizationResource.self)
        let identifier = authorization.identifier
        switch AuthorizationStep.next(status: authorization.status, responded: false) {
        case .done:
            logger.debug("authorization already valid", metadata: ["acme.identifier": .string(identifier.value)])
            return
        case .fail:
            throw invalidAuthorization(authorization, url: url, challengeURL: nil)
        case .solve, .poll:
            break
        }
        pending.insert(url)
        let (solver, challenge) = try choose(authorization, solvers: solvers, url: url)
        let task = try makeTask(challenge, identifier: identifier, account: account, authorizationURL: url)
        let solverStart = ContinuousClock.now
        let outcome: Result<Void, ACMEError>
        do {
            try await present(task, with: solver)
            outcome = .success(try await validate(url, challenge: challenge, account: account, options: options, deadline: deadline, pending: pending))
        } catch {
            outcome = .failure(error.concerning(identifier))
        }
        await solver.cleanUp(task)
        IssuanceRecorder.current?.addSolverTime(ContinuousClock.now - solverStart)
        try outcome.get()
    }

    /// Asks the CA to validate (unless already asked) and polls until the authorization is final.
    private func validate(_ url: String, challenge: ChallengeResource, account: ACMEAccount, options: IssuanceOptions,
                          deadline: ContinuousClock.Instant, pending: PendingAuthorizations) async throws(ACMEError) {
        struct Respond: Encodable {}
        var retryAfter: Date?
        if challenge.status == .pending {
            let response = try await post(challenge.url, json: Respond(), account: account)
            retryAfter = response.retryAfter
        }
        var attempt = 0
        while true {
            try await pause(attempt: attempt, retryAfter: retryAfter, policy: options.polling, deadline: deadline, url: url)
            attempt += 1
            let response = try await fetch(url, account: account)
            retryAfter = response.retryAfter
            let authorization = try response.decode(AuthorizationResource.self)
            switch AuthorizationStep.next(status: authorization.status, responded: true) {
            case .done:
                pending.remove(url)
                return
            case .poll, .solve:
                continue
            case .fail:
                pending.remove(url)
                throw invalidAuthorization(authorization, url: url, challengeURL: challenge.url)
            }
        }
    }

    /// Presents the answer and waits until the solver sees it reachable; solver errors become `.solverFailed`.
    private func present(_ task: ChallengeTask, with solver: any ChallengeSolver) async throws(ACMEError) {
        do {
            try await solver.present(task)
            try await solver.waitUntilReady(task)
        } catch is CancellationError {
            throw .cancelled(task.url)
        } catch {
            throw ACMEError(.solverFailed, "the \(task.challengeType) solver failed: \(error)", url: task.url, identifier: task.identifier,
                            challengeType: task.challengeType)
        }
    }

    /// The first solver, in the caller's order, whose challenge type the CA offers for this authorization.
    private func choose(_ authorization: AuthorizationResource, solvers: [any ChallengeSolver], url: String) throws(ACMEError) -> (any ChallengeSolver, ChallengeResource) {
        for solver in solvers {
            if let challenge = authorization.challenges.first(where: { $0.type == solver.challengeType }) {
                return (solver, challenge)
            }
        }
        let offered = authorization.challenges.map(\.type).joined(separator: ", ")
        let available = solvers.map(\.challengeType).joined(separator: ", ")
        throw ACMEError(.noSolver, "the CA offers [\(offered)] but solvers exist only for [\(available)]", url: url,
                        identifier: authorization.identifier)
    }

    /// Builds the solver's task; the token must be base64url (RFC 8555 §8.3), so it is safe in paths and records.
    private func makeTask(_ challenge: ChallengeResource, identifier: ACMEIdentifier, account: ACMEAccount, authorizationURL: String) throws(ACMEError) -> ChallengeTask {
        guard let token = challenge.token, token.utf8.count >= 22, token.utf8.allSatisfy(\.isBase64URLCharacter) else {
            throw ACMEError(.invalidResponse, "the \(challenge.type) challenge has a missing or malformed token", url: challenge.url, identifier: identifier)
        }
        let keyAuthorization = token + "." + account.key.publicJWK.thumbprint
        return ChallengeTask(identifier: identifier, challengeType: challenge.type, token: token, keyAuthorization: keyAuthorization, url: challenge.url)
    }

    /// The error for an authorization that ended in a non-valid final state, carrying the CA's own detail from
    /// the failed challenge's `error` (e.g. the status code or connection error its validator saw).
    private func invalidAuthorization(_ authorization: AuthorizationResource, url: String, challengeURL: String?) -> ACMEError {
        let failed = authorization.challenges.first { $0.url == challengeURL && $0.error != nil }
            ?? authorization.challenges.first { $0.error != nil }
        var reason = "authorization for \(authorization.identifier.value) is \(authorization.status.rawValue)"
        if let failed, let problem = failed.error {
            reason += ": \(failed.type) validation failed: \(problem.description)"
        }
        return ACMEError(.authorizationInvalid, reason, url: url, identifier: authorization.identifier, problem: failed?.error)
    }

    /// Deactivates authorizations this attempt left pending (RFC 8555 §7.5.2), so they do not linger; best effort.
    private func deactivate(_ urls: Set<String>, account: ACMEAccount) async {
        struct Deactivate: Encodable { let status = "deactivated" }
        for url in urls.sorted() {
            do {
                _ = try await post(url, json: Deactivate(), account: account)
                logger.debug("authorization deactivated", metadata: ["acme.authorization": .string(url)])
            } catch {
                logger.notice("could not deactivate authorization", metadata: ["acme.authorization": .string(url), "error": .string(error.description)])
            }
        }
    }
}

/// The authorizations one issuance attempt found pending and has not yet seen reach a final state.
final class PendingAuthorizations: Sendable {
    private let urls = Mutex(Set<String>())

    /// Notes an authorization as pending.
    func insert(_ url: String) { urls.withLock { _ = $0.insert(url) } }
    /// Notes an authorization as final.
    func remove(_ url: String) { urls.withLock { _ = $0.remove(url) } }
    /// The authorizations still pending.
    var remaining: Set<String> { urls.withLock { $0 } }
}
