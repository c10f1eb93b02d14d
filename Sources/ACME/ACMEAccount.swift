public import KubeLegoTLS

/// An ACME account: its URL at the CA (the JWS `kid`), its key and what the CA says about it.
public struct ACMEAccount: Sendable {
    /// The account URL, used as `kid` in every request made for it.
    public let url: String
    /// The account's private key (never logged, never printed).
    public let key: PrivateKey
    /// `valid`, `deactivated` or `revoked`.
    public let status: ACMEStatus
    /// The contact URLs the CA has on file (e.g. `mailto:admin@example.com`).
    public let contact: [String]

    /// Makes an account value; normally returned by `ACMEClient`, or rebuilt from a stored URL and key.
    public init(url: String, key: PrivateKey, status: ACMEStatus = .valid, contact: [String] = []) {
        self.url = url
        self.key = key
        self.status = status
        self.contact = contact
    }
}
