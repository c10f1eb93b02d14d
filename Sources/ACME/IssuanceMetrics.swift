/// Where one issuance spent its time and how many HTTP requests it made (for benchmarks and logs).
///
/// Network and solver times are sums over concurrent work, so with several authorizations they can exceed
/// `total`.
public struct IssuanceMetrics: Sendable, Equatable {
    /// HTTP requests sent for this issuance (nonces, JWS POSTs, downloads; the directory when not cached).
    public var requestCount = 0
    /// Time spent waiting for HTTP responses.
    public var networkTime: Duration = .zero
    /// Time spent sleeping between polls of authorizations and the order.
    public var pollingWaitTime: Duration = .zero
    /// Time spent in solvers (`present` + `waitUntilReady` + `cleanUp`).
    public var solverTime: Duration = .zero
    /// Time spent building and signing the CSR.
    public var csrTime: Duration = .zero
    /// Wall time of the whole issuance.
    public var total: Duration = .zero

    /// Makes empty metrics.
    public init() {}
}
