/// One HTTP exchange with the CA, as reported to `ACMEClientConfiguration.requestObserver` (for metrics).
public struct ACMERequestRecord: Sendable {
    /// The directory endpoint the URL is ("directory", "newNonce", "newAccount", "newOrder", "revokeCert",
    /// "keyChange", "renewalInfo"), or "resource" for an account, order, authorization, challenge or certificate URL.
    public let endpoint: String
    /// The HTTP method.
    public let method: String
    /// The response status; nil when no response arrived.
    public let status: Int?
    /// How long the exchange took.
    public let duration: Duration
}

extension ACMEDirectory {
    /// The endpoint name of `url` for metrics labels.
    func endpointName(of url: String, directoryURL: String) -> String {
        if url == directoryURL { return "directory" }
        let named: [(String, String?)] = [
            ("newNonce", newNonce), ("newAccount", newAccount), ("newOrder", newOrder),
            ("revokeCert", revokeCert), ("keyChange", keyChange),
        ]
        if let match = named.first(where: { $0.1 == url }) { return match.0 }
        if let renewalInfo, url.hasPrefix(renewalInfo) { return "renewalInfo" }
        return "resource"
    }
}
