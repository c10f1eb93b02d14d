/// CRL reason codes a revocation may state (RFC 5280 §5.3.1).
public enum RevocationReason: Int, Sendable, CaseIterable {
    /// No reason given.
    case unspecified = 0
    /// The certificate's private key was compromised.
    case keyCompromise = 1
    /// The subscriber's affiliation changed.
    case affiliationChanged = 3
    /// The certificate was replaced.
    case superseded = 4
    /// The certificate is no longer needed.
    case cessationOfOperation = 5
    /// The CA withdrew the privilege.
    case privilegeWithdrawn = 9
}
