#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// What the controller knows about the Secret a certificate goes into, gathered before planning.
public struct SecretFacts: Sendable, Equatable {
    /// The Secret's `type`.
    public var type: String
    /// True when it carries kube-lego's marker (ours, or the original kube-lego's `kubernetes.io/tls-acme`).
    public var managedByKubeLego: Bool
    /// The leaf certificate in `tls.crt`, when it parses.
    public var certificate: CertificateFacts?
    /// True when `tls.crt` holds something (parseable or not).
    public var hasCertificateData: Bool
    /// Whether `tls.key` is the certificate's key; nil when there is no certificate to compare with.
    public var keyMatchesCertificate: Bool?
    /// The ACME directory that issued it, from our annotation; nil for certificates from elsewhere or older
    /// kube-lego versions.
    public var issuingDirectory: String?
    /// The CA's suggested renewal window for the certificate (ARI, RFC 9773), filled in by the reconciler for
    /// certificates kube-lego issued when the directory offers `renewalInfo`; nil otherwise.
    public var renewalWindow: RenewalWindow?

    /// Makes facts.
    public init(
        type: String, managedByKubeLego: Bool, certificate: CertificateFacts?, hasCertificateData: Bool,
        keyMatchesCertificate: Bool?, issuingDirectory: String?, renewalWindow: RenewalWindow? = nil
    ) {
        self.type = type
        self.managedByKubeLego = managedByKubeLego
        self.certificate = certificate
        self.hasCertificateData = hasCertificateData
        self.keyMatchesCertificate = keyMatchesCertificate
        self.issuingDirectory = issuingDirectory
        self.renewalWindow = renewalWindow
    }
}

/// The parts of a leaf certificate the planner needs.
public struct CertificateFacts: Sendable, Equatable {
    /// DNS names and IP addresses in subjectAltName, lowercased.
    public var names: Set<String>
    /// Start of validity.
    public var notBefore: Date
    /// End of validity.
    public var notAfter: Date
    /// The serial number (hex); it places the renewal moment inside a CA's suggested window.
    public var serialNumber: String

    /// Makes facts.
    public init(names: Set<String>, notBefore: Date, notAfter: Date, serialNumber: String = "") {
        self.names = Set(names.map { $0.lowercased() })
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.serialNumber = serialNumber
    }
}
