/// Where one TLS entry's certificate stands, as `kube-lego status` reports it.
public enum CertificateState: String, Sendable, CaseIterable, Codable {
    /// Issued by kube-lego, covering the hosts, not yet due.
    case valid = "Valid"
    /// Held but due: expiring, hosts changed, key mismatch or another directory; ordered on the next pass.
    case renewalDue = "RenewalDue"
    /// An order is in flight (journaled).
    case issuing = "Issuing"
    /// Ordering failed; the next attempt waits for the back-off.
    case backingOff = "BackingOff"
    /// kube-lego refuses to order it; the detail says why.
    case refused = "Refused"
    /// No certificate yet; ordered on the next pass.
    case missing = "Missing"

    /// True for states an operator must act on (`status --fail-on failing`).
    public var isFailing: Bool { self == .backingOff || self == .refused }
}
