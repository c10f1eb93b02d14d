#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// What the CA suggests about renewing one certificate (RFC 9773 §4.2).
public struct RenewalInfo: Sendable, Equatable {
    /// The start of the window in which to renew.
    public let suggestedWindowStart: Date
    /// The end of the window in which to renew.
    public let suggestedWindowEnd: Date
    /// A page explaining why the window is what it is (e.g. a mass revocation), when given.
    public let explanationURL: String?
    /// When to ask again (`Retry-After`), when given.
    public let retryAfter: Date?

    /// Makes a value; `ACMEClient.renewalInfo(for:)` returns these.
    public init(suggestedWindowStart: Date, suggestedWindowEnd: Date, explanationURL: String?, retryAfter: Date?) {
        self.suggestedWindowStart = suggestedWindowStart
        self.suggestedWindowEnd = suggestedWindowEnd
        self.explanationURL = explanationURL
        self.retryAfter = retryAfter
    }
}
