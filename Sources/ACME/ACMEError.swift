#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The one error type of KubeLegoACME: what failed, why, and which URL or identifier it concerns.
public struct ACMEError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: Sendable, Equatable {
        /// The directory could not be fetched or is not a valid ACME directory.
        case directory
        /// The request never got an HTTP answer (connection, TLS, timeout at the transport).
        case transport
        /// The CA answered with a problem document (see `problem`).
        case problem
        /// The CA answered with something that is not valid ACME (status, headers or JSON).
        case invalidResponse
        /// The CA requires external account binding and none was given, or it rejected the binding given.
        case externalAccountBinding
        /// No account exists for this key (`onlyReturnExisting`).
        case accountNotFound
        /// An authorization ended `invalid` (or another final non-valid state); `problem` holds the CA's detail.
        case authorizationInvalid
        /// The order ended `invalid`.
        case orderInvalid
        /// No offered challenge has a solver among those given.
        case noSolver
        /// A solver failed to present its answer or to see it reachable.
        case solverFailed
        /// The overall deadline passed while waiting for the CA.
        case timedOut
        /// The task was cancelled.
        case cancelled
        /// A key, CSR or certificate could not be used (from KubeLegoTLS).
        case crypto
        /// The caller asked for something this CA or client does not offer (e.g. an unknown profile).
        case unsupported
    }

    /// What kind of failure this is.
    public let code: Code
    /// Human-readable explanation; never contains key material.
    public let reason: String
    /// The URL the failed request went to, when there was one.
    public let url: String?
    /// The identifier (host) this error concerns, when it concerns one.
    public let identifier: ACMEIdentifier?
    /// The CA's problem document, when it sent one.
    public let problem: ACMEProblem?
    /// The HTTP status of the response that failed, when there was a response.
    public let httpStatus: Int?
    /// When the CA said to retry (`Retry-After`), if it did.
    public let retryAfter: Date?
    /// The challenge type ("http-01", "dns-01") whose solver failed, for `.solverFailed`.
    public let challengeType: String?

    /// Makes an error; the client builds these.
    public init(
        _ code: Code, _ reason: String, url: String? = nil, identifier: ACMEIdentifier? = nil,
        problem: ACMEProblem? = nil, httpStatus: Int? = nil, retryAfter: Date? = nil, challengeType: String? = nil
    ) {
        self.code = code
        self.reason = reason
        self.url = url
        self.identifier = identifier
        self.problem = problem
        self.httpStatus = httpStatus
        self.retryAfter = retryAfter
        self.challengeType = challengeType
    }

    /// The host this error concerns, as a person would write it.
    public var host: String? { identifier?.value }

    /// True when trying the same thing again later may succeed without any change: transport failures,
    /// timeouts, 5xx answers, `serverInternal`, `rateLimited` (after `retryAfter`). Rejected identifiers,
    /// `unauthorized`, `caa`, `malformed`, `badCSR` and invalid authorizations are not.
    public var isRetryable: Bool {
        switch code {
        case .transport, .timedOut: return true
        case .problem, .directory, .invalidResponse:
            if let problem { return problem.isTransient }
            return (httpStatus ?? 0) >= 500
        case .authorizationInvalid, .orderInvalid:
            return problem?.kind == .serverInternal
        case .externalAccountBinding, .accountNotFound, .noSolver, .solverFailed, .cancelled, .crypto, .unsupported:
            return false
        }
    }

    /// One line: identifier, reason, URL and the CA's problem, e.g.
    /// `a.example: authorization invalid: http-01: 404 ... (https://ca/authz/1)`.
    public var description: String {
        var text = ""
        if let identifier { text += "\(identifier.value): " }
        text += reason
        if let problem, !reason.contains(problem.description) { text += ": \(problem.description)" }
        if let url { text += " (\(url))" }
        if let retryAfter { text += " [retry after \(retryAfter.formatted(.iso8601))]" }
        return text
    }
}

extension ACMEError {
    /// This error, re-attributed to an identifier (keeps everything else).
    func concerning(_ identifier: ACMEIdentifier) -> ACMEError {
        ACMEError(code, reason, url: url, identifier: self.identifier ?? identifier, problem: problem,
                  httpStatus: httpStatus, retryAfter: retryAfter, challengeType: challengeType)
    }

    /// The error for a cancelled task.
    static func cancelled(_ url: String? = nil) -> ACMEError {
        ACMEError(.cancelled, "cancelled", url: url)
    }
}
