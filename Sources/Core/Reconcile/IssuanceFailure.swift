import KubeLegoACME

/// How a failed issuance is reported: the Event reason, the metrics outcome and the message.
struct IssuanceFailure {
    /// CamelCase Event reason.
    let reason: String
    /// Metrics label value.
    let outcome: String
    /// The sentence for Events and logs: names the hosts and the CA's own words.
    let message: String

    /// Classifies `error` from exposing routes, ordering or storing a certificate for `hosts`.
    init(_ error: any Error, hosts: [String]) {
        let names = hosts.joined(separator: ", ")
        switch error {
        case let error as ACMEError where error.code == .solverFailed && error.challengeType == "dns-01":
            reason = "DNSRecordFailed"
            outcome = "dns_record_failed"
            message = "the dns-01 TXT record could not be written or seen before asking the CA, no validation spent: \(error)"
        case let error as ACMEError where error.code == .solverFailed:
            reason = "SelfCheckFailed"
            outcome = "self_check_failed"
            message = "self-check failed before asking the CA, no validation spent: \(error)"
        case let error as ACMEError where error.code == .authorizationInvalid:
            reason = "ValidationFailed"
            outcome = "validation_failed"
            message = "the CA could not validate \(error.host ?? names): \(error)"
        case let error as ACMEError where error.problem?.kind == .rateLimited:
            reason = "RateLimited"
            outcome = "rate_limited"
            message = "the CA rate-limited the order for \(names): \(error)"
        case let error as CoreError where error.code == .provider:
            reason = "ChallengeRouteFailed"
            outcome = "route_failed"
            message = "could not route the challenge path for \(names): \(error)"
        default:
            reason = "IssuanceFailed"
            outcome = "failed"
            message = "could not issue a certificate for \(names): \(error)"
        }
    }

    /// The CA's Retry-After, when the failure carries one.
    static func retryAfter(of error: any Error) -> Date? {
        (error as? ACMEError)?.retryAfter
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
