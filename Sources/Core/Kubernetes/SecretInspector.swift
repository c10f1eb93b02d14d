public import KubeLegoKube
public import KubeLegoTLS

/// Turns a TLS Secret into the facts the planner needs. Pure: it parses `tls.crt` and `tls.key` and does no I/O.
public enum SecretInspector {
    /// The Secret key holding the certificate chain, leaf first.
    public static let certificateKey = "tls.crt"
    /// The Secret key holding the certificate's private key.
    public static let privateKeyKey = "tls.key"
    /// The Secret type of TLS Secrets.
    public static let tlsType = "kubernetes.io/tls"

    /// The planner's facts about `secret`. It counts as kube-lego's when it carries the managed marker or the
    /// enabling annotation `annotationKey: "true"` (how the original kube-lego marked the Secrets it wrote).
    public static func facts(of secret: Secret, annotationKey: String) -> SecretFacts {
        let annotations = secret.metadata.annotations.dictionary
        let managed = Markers.isManaged(labels: secret.metadata.labels.dictionary, annotations: annotations)
            || annotations[annotationKey] == "true"
        let hasData = !(secret.data[certificateKey] ?? []).isEmpty
        let leaf = leaf(of: secret)
        var keyMatches: Bool?
        if let leaf {
            let key = secret.data[privateKeyKey].flatMap { try? PrivateKey(pem: String(decoding: $0, as: UTF8.self)) }
            keyMatches = key?.matches(leaf) ?? false
        }
        let certificate = leaf.map {
            CertificateFacts(
                names: Set($0.dnsNames + $0.ipAddresses), notBefore: $0.notBefore, notAfter: $0.notAfter, serialNumber: $0.serialNumberHex)
        }
        return SecretFacts(
            type: secret.type ?? "Opaque", managedByKubeLego: managed, certificate: certificate, hasCertificateData: hasData,
            keyMatchesCertificate: keyMatches, issuingDirectory: annotations[Markers.issuingDirectoryAnnotation])
    }

    /// The leaf (first) certificate of `tls.crt`, with all its DNS and IP names; nil when absent or unreadable.
    public static func leaf(of secret: Secret) -> Certificate? {
        guard let bytes = secret.data[certificateKey], !bytes.isEmpty,
            let chain = try? CertificateChain(pem: String(decoding: bytes, as: UTF8.self)),
            let leaf = chain.certificates.first
        else { return nil }
        return leaf
    }
}
