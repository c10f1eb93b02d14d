public import KubeLegoHTTP
public import Logging

/// Proves, before the CA is asked, that an HTTP-01 answer is reachable the way the CA will reach it.
///
/// Each attempt GETs `http://<host>/.well-known/acme-challenge/_selftest` (expecting this responder's instance
/// id) and then the token's own URL (expecting the key authorization), so a route that serves `_selftest` but
/// not tokens is caught too. With `Configuration.address` set, both go to that `host:port` with `Host` set to
/// the domain. Redirects are never followed. Attempts repeat with `ExponentialBackoff` until
/// `Configuration.requiredPasses` pass in a row or the budget is spent; then the error lists what the last
/// attempts saw.
///
/// The `HTTPClient` is the caller's: for checks that should stay inside the cluster, give it one with
/// `useEnvironmentProxy = false`.
public struct SelfCheck: Sendable {
    /// The id the responder serves at `_selftest`.
    public let instanceID: String
    /// Settings: enabled, address, back-off, request timeout.
    public let configuration: Configuration

    let client: HTTPClient
    let clock: RetryClock
    let logger: Logger

    /// Makes a self-check for the responder with `instanceID`.
    public init(
        instanceID: String,
        configuration: Configuration = Configuration(),
        client: HTTPClient,
        clock: RetryClock = .continuous,
        logger: Logger = Logger(label: "kube-lego.self-check")
    ) {
        self.instanceID = instanceID
        self.configuration = configuration
        self.client = client
        self.clock = clock
        self.logger = logger
    }

    /// Returns once `_selftest` answers our id and `token` answers `keyAuthorization` for `host`; returns at
    /// once when disabled. Throws `SolverError` (`.selfCheckFailed` with what was seen, `.invalidToken`) or
    /// `CancellationError`.
    public func verify(host: String, token: String, keyAuthorization: String) async throws {
        guard configuration.enabled else { return }
        guard ChallengeToken.isValid(token) else {
            throw SolverError(.invalidToken, "challenge token \(token.debugDescription) is not base64url", host: host)
        }
        var logger = self.logger
        logger[metadataKey: "acme.identifier"] = "\(host)"
        let start = clock.now()
        var attempts = 0
        var failures = 0
        var passes = 0
        var log = SelfCheckAttemptLog(capacity: configuration.reportedAttempts)
        while true {
            attempts += 1
            guard let failure = try await attempt(host: host, token: token, keyAuthorization: keyAuthorization) else {
                passes += 1
                if passes >= configuration.requiredPasses {
                    logger.debug("self-check passed", metadata: ["self-check.attempts": "\(attempts)"])
                    return
                }
                try await clock.sleep(configuration.passInterval)
                continue
            }
            passes = 0
            failures += 1
            logger.debug("self-check attempt failed", metadata: ["self-check.attempt": "\(attempts)", "self-check.seen": "\(failure)"])
            log.record(attempt: attempts, seen: failure.description)
            let elapsed = start.duration(to: clock.now())
            let sample = Double.random(in: 0..<1)
            guard let scheduled = configuration.backoff.delay(beforeRetry: failures - 1, elapsed: elapsed, sample: sample) else {
                let reason = "self-check failed after \(attempts) attempt\(attempts == 1 ? "" : "s") in \(Self.format(elapsed)); "
                    + log.summary
                throw SolverError(.selfCheckFailed, reason, host: host)
            }
            try await clock.sleep(Self.wait(beforeRetry: failures - 1, scheduled: scheduled, quickRetry: configuration.quickRetry))
        }
    }

    /// The wait before retry `retry` (0-based): `quickRetry × 2^retry` while that is shorter than the back-off's
    /// `scheduled` wait, else `scheduled`.
    static func wait(beforeRetry retry: Int, scheduled: Duration, quickRetry: Duration?) -> Duration {
        guard let quickRetry, retry < 40 else { return scheduled }
        return min(quickRetry * (1 << retry), scheduled)
    }

    /// `12.3s`, for messages.
    static func format(_ duration: Duration) -> String {
        let tenths = (duration.seconds * 10).rounded()
        return "\(tenths / 10)s"
    }
}
