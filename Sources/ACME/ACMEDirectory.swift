/// The CA's directory (RFC 8555 §7.1.1): where each operation lives, and what the CA announces about itself.
public struct ACMEDirectory: Sendable, Equatable, Decodable {
    /// Where fresh nonces come from.
    public let newNonce: String
    /// Where accounts are created or looked up.
    public let newAccount: String
    /// Where orders are placed.
    public let newOrder: String
    /// Where certificates are revoked.
    public let revokeCert: String
    /// Where account keys are rolled over, when offered.
    public let keyChange: String?
    /// Where ARI renewal information lives (RFC 9773), when offered.
    public let renewalInfo: String?
    /// What the CA says about itself.
    public let meta: Meta?

    /// The directory's `meta` object.
    public struct Meta: Sendable, Equatable, Decodable {
        /// The current terms of service, when the CA has any.
        public let termsOfService: String?
        /// The CA's website.
        public let website: String?
        /// Domain names the CA recognises in CAA records.
        public let caaIdentities: [String]?
        /// True when newAccount needs external account binding.
        public let externalAccountRequired: Bool?
        /// Certificate profiles the CA offers, name → description (draft-ietf-acme-profiles).
        public let profiles: [String: String]?
    }

    /// True when the CA requires external account binding for new accounts.
    public var requiresExternalAccountBinding: Bool { meta?.externalAccountRequired ?? false }
}
