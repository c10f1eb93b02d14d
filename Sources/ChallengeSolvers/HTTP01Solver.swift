public import KubeLegoACME
public import KubeLegoHTTP
public import Logging

/// Answers ACME `http-01` challenges (RFC 8555 §8.3) through an `HTTP01Responder`'s token table, and checks
/// reachability with a `SelfCheck` before the CA is asked.
public struct HTTP01Solver: ChallengeSolver {
    /// Always `http-01`.
    public var challengeType: String { "http-01" }
    /// The table the responder serves from.
    public let tokens: ChallengeTokenStore
    /// The reachability check run by `waitUntilReady`.
    public let selfCheck: SelfCheck

    private let logger: Logger

    /// Makes a solver over an explicit table and self-check.
    public init(tokens: ChallengeTokenStore, selfCheck: SelfCheck, logger: Logger = Logger(label: "kube-lego.http01-solver")) {
        self.tokens = tokens
        self.selfCheck = selfCheck
        self.logger = logger
    }

    /// Makes a solver for `responder`: its table, and a self-check expecting its instance id.
    public init(
        responder: HTTP01Responder,
        client: HTTPClient,
        selfCheck configuration: SelfCheck.Configuration = SelfCheck.Configuration(),
        clock: RetryClock = .continuous,
        logger: Logger = Logger(label: "kube-lego.http01-solver")
    ) {
        let check = SelfCheck(instanceID: responder.instanceID, configuration: configuration, client: client, clock: clock, logger: logger)
        self.init(tokens: responder.tokens, selfCheck: check, logger: logger)
    }

    /// Serves the key authorization for the task's host and token. Throws `SolverError` for another challenge
    /// type or a token that is not base64url.
    public func present(_ task: ChallengeTask) async throws {
        let host = task.identifier.value
        guard task.challengeType == challengeType else {
            throw SolverError(.unsupportedChallenge, "the HTTP-01 solver cannot answer a \(task.challengeType) challenge", host: host)
        }
        guard ChallengeToken.isValid(task.token) else {
            throw SolverError(.invalidToken, "challenge token \(task.token.debugDescription) is not base64url", host: host)
        }
        tokens.register(host: host, token: task.token, keyAuthorization: task.keyAuthorization)
        logger.debug("serving HTTP-01 token", metadata: ["acme.identifier": "\(host)", "acme.challenge.token": "\(task.token)"])
    }

    /// Runs the self-check for the task (returns at once when it is disabled).
    public func waitUntilReady(_ task: ChallengeTask) async throws {
        try await selfCheck.verify(host: task.identifier.value, token: task.token, keyAuthorization: task.keyAuthorization)
    }

    /// Stops serving the task's token; other tokens of the host stay.
    public func cleanUp(_ task: ChallengeTask) async {
        tokens.remove(host: task.identifier.value, token: task.token)
        logger.debug("withdrew HTTP-01 token", metadata: ["acme.identifier": "\(task.identifier.value)", "acme.challenge.token": "\(task.token)"])
    }
}
