public import KubeLegoKube

/// Labels and annotations kube-lego reads and writes. Objects created by the original kube-lego carry the
/// `kubernetes.io/...` annotations; they are recognised so an upgrade keeps working on them.
public enum Markers {
    /// Label on every object kube-lego creates or manages (Secrets it issued, challenge Services, Ingresses,
    /// Endpoints, its state ConfigMap), so watches and lists can select only those.
    public static let managedByLabel = "app.kubernetes.io/managed-by"
    /// Value of `managedByLabel`.
    public static let managedByValue = "kube-lego"
    /// The original's marker on challenge Services and Ingresses: objects without it are never modified.
    public static let managedAnnotation = "kubernetes.io/kube-lego-managed"
    /// The original's annotation on its challenge Ingress.
    public static let challengeEndpointsAnnotation = "kubernetes.io/tls-acme-challenge-endpoints"
    /// On TLS Secrets: the ACME directory that issued the certificate (a change of LEGO_URL re-issues).
    public static let issuingDirectoryAnnotation = "kube-lego/acme-directory"
    /// On TLS Secrets: when kube-lego last wrote the certificate (RFC 3339).
    public static let issuedAtAnnotation = "kube-lego/issued-at"
    /// On the account Secret: the ACME directory the account belongs to.
    public static let accountDirectoryKey = "acme-directory-url"
    /// On the account Secret (the original's key): the account URL.
    public static let accountURLKey = "acme-registration-url"
    /// On the account Secret (the original's key): the account's private key, PEM.
    public static let accountKeyKey = "tls.key"

    /// Puts the managed label and the original's managed annotation on `metadata` (values already there stay
    /// equal, so a caller comparing before and after sees no change).
    public static func mark(_ metadata: inout ObjectMeta) {
        if metadata.labels[managedByLabel] != managedByValue { metadata.labels[managedByLabel] = managedByValue }
        if metadata.annotations[managedAnnotation] != "true" { metadata.annotations[managedAnnotation] = "true" }
    }

    /// True when labels or annotations say kube-lego manages the object.
    public static func isManaged(labels: [String: String], annotations: [String: String]) -> Bool {
        labels[managedByLabel] == managedByValue || annotations[managedAnnotation] == "true"
    }
}
