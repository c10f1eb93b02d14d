public import KubeLegoTLS

/// A certificate the CA issued, with where it came from and what getting it cost.
public struct IssuedCertificate: Sendable {
    /// The chain as PEM, leaf first, exactly as chosen (default or preferred alternate).
    public let chainPEM: String
    /// The parsed chain, leaf first.
    public let chain: CertificateChain
    /// The order's URL at the CA.
    public let orderURL: String
    /// The URL the chosen chain was downloaded from.
    public let certificateURL: String
    /// Requests made and time spent.
    public let metrics: IssuanceMetrics

    /// HTTP requests this issuance made.
    public var requestCount: Int { metrics.requestCount }
}
