import Logging

/// What every transfer of one client needs, resolved once from `HTTPClientConfiguration` and the environment.
struct ClientSettings: Sendable {
    /// Trust and client identity.
    let tls: TLSMaterial
    /// Proxies to use (`.none` when environment proxies are off).
    let proxies: ProxySettings
    /// Bearer token sent unless a request has `Authorization`.
    let bearerToken: String?
    /// Default `User-Agent`.
    let userAgent: String
    /// Default connect timeout.
    let connectTimeout: Duration
    /// Default total timeout of buffered transfers.
    let timeout: Duration
    /// Body limit of buffered transfers.
    let maxResponseBytes: Int
    /// Buffered bytes at which a stream pauses its transfer.
    let streamHighWater: Int
    /// Where transfers report (never headers or bodies).
    let logger: Logger
}
