/// The one error type of KubeLegoChallengeSolvers: what went wrong, in words, and for which host.
public struct SolverError: Error, Sendable, CustomStringConvertible {
    /// The kinds of failure a solver or the responder reports.
    public enum Code: Sendable, Equatable {
        /// The responder could not listen on its address (port taken, bad host).
        case listenFailed
        /// The responder is not listening (it never started, or it stopped).
        case notListening
        /// `run()` was called on a responder that is already running or has run.
        case alreadyRunning
        /// A challenge of a type this solver does not answer.
        case unsupportedChallenge
        /// A token that is not base64url (RFC 8555 §8.3) and so cannot be served safely.
        case invalidToken
        /// The self-check did not see our answer within the back-off budget.
        case selfCheckFailed
    }

    /// What kind of failure this is.
    public let code: Code
    /// A human explanation, with what was seen.
    public let reason: String
    /// The host (domain, IP, or listen address) the failure concerns.
    public let host: String

    /// Makes an error.
    public init(_ code: Code, _ reason: String, host: String) {
        self.code = code
        self.reason = reason
        self.host = host
    }

    /// `host: reason`, one line.
    public var description: String { "\(host): \(reason)" }
}
