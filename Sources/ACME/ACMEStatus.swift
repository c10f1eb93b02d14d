/// The status of an ACME object (RFC 8555 §7.1.6); only the values valid for that object are accepted.
public enum ACMEStatus: String, Sendable, Equatable, Codable {
    /// Waiting for the client (authorizations, challenges, orders).
    case pending
    /// All authorizations valid; the order awaits finalization.
    case ready
    /// The CA is working (challenge validation, certificate issuance).
    case processing
    /// Done and good.
    case valid
    /// Done and failed.
    case invalid
    /// Deactivated by the client (accounts, authorizations).
    case deactivated
    /// Expired before completion.
    case expired
    /// Revoked by the CA (accounts, authorizations).
    case revoked
}
