/// Choices for one certificate issuance beyond the identifiers and keys.
public struct IssuanceOptions: Sendable {
    /// The common name of the top issuer of the chain to prefer among the CA's alternates (e.g.
    /// "ISRG Root X1"); the default chain when nil or when no chain matches.
    public var preferredChain: String?
    /// The ARI identifier of the certificate this one replaces (RFC 9773 `replaces`); sent only when the
    /// directory offers `renewalInfo`. See `ACMEClient.renewalIdentifier(for:)`.
    public var replaces: String?
    /// A certificate profile the directory announces in `meta.profiles`.
    public var profile: String?
    /// The longest the whole issuance may take, polling included.
    public var timeout: Duration
    /// How to poll pending authorizations and the processing order.
    public var polling: PollingPolicy
    /// Called with the order URL as soon as newOrder returned it, before anything else is asked of the CA: the
    /// place to journal the order durably so that a restarted process can resume it (`resumeCertificate`).
    public var onOrderCreated: (@Sendable (_ orderURL: String) async -> Void)?

    /// Makes options; the defaults give the default chain, no ARI, no profile, 5 minutes.
    public init(preferredChain: String? = nil, replaces: String? = nil, profile: String? = nil,
                timeout: Duration = .seconds(300), polling: PollingPolicy = .init()) {
        self.preferredChain = preferredChain
        self.replaces = replaces
        self.profile = profile
        self.timeout = timeout
        self.polling = polling
    }
}
