#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import KubeLegoHTTP
public import Logging
import Synchronization

/// An RFC 8555 client for one ACME directory: accounts, orders with challenge solving, revocation, ARI.
///
/// Thread-safe and meant to be shared: the directory is fetched once and cached, and one nonce pool is fed by
/// every response. It knows nothing of Kubernetes.
public final class ACMEClient: Sendable {
    /// The directory URL this client talks to.
    public let directoryURL: String
    /// Tunables of the protocol machinery.
    public let configuration: ACMEClientConfiguration
    let http: HTTPClient
    let logger: Logger
    let state = Mutex(State())

    /// The client's mutable state: the cached directory, unused nonces and counters.
    struct State {
        var directory: ACMEDirectory?
        var nonces: [String] = []
        var requestCount = 0
    }

    /// Makes a client for the CA whose directory is at `directoryURL`, sending requests through `httpClient`.
    public init(directoryURL: String, httpClient: HTTPClient, logger: Logger, configuration: ACMEClientConfiguration = .init()) {
        self.directoryURL = directoryURL
        self.http = httpClient
        var logger = logger
        logger[metadataKey: "acme.directory"] = .string(directoryURL)
        self.logger = logger
        self.configuration = configuration
    }

    /// How many HTTP requests this client has made so far (directory, nonces, JWS POSTs, ARI GETs).
    public var requestCount: Int { state.withLock { $0.requestCount } }

    /// The CA's directory, fetched on first use and cached afterwards.
    public func directory() async throws(ACMEError) -> ACMEDirectory {
        if let cached = state.withLock({ $0.directory }) { return cached }
        let response = try await send(HTTPRequest(method: "GET", url: directoryURL, headers: ["Accept": "application/json"]))
        guard response.status == 200 else {
            throw ACMEError(.directory, "the directory answered HTTP \(response.status)", url: directoryURL,
                            problem: ACMEProblem.decode(response.body), httpStatus: response.status)
        }
        let directory: ACMEDirectory
        do {
            directory = try JSONDecoder().decode(ACMEDirectory.self, from: Data(response.body))
        } catch {
            throw ACMEError(.directory, "the directory is not a valid ACME directory: \(error)", url: directoryURL)
        }
        state.withLock { $0.directory = directory }
        return directory
    }
}

/// Tunables of `ACMEClient`.
public struct ACMEClientConfiguration: Sendable {
    /// How many times a request rejected with `badNonce` is retried at once with the nonce from the rejection.
    /// Bounded, so a CA that rejects every nonce fails the request instead of looping; high enough that a CA
    /// rejecting half of all good nonces (Pebble's `PEBBLE_WFE_NONCEREJECT=50`) almost never exhausts it.
    public var badNonceRetries: Int = 12
    /// How many unused nonces are kept for later requests.
    public var noncePoolLimit: Int = 32
    /// The wall clock, used to interpret `Retry-After` dates; injectable for tests.
    public var now: @Sendable () -> Date = { Date() }
    /// Called after every HTTP exchange with the CA (for metrics); must be cheap and must not block.
    public var requestObserver: (@Sendable (ACMERequestRecord) -> Void)?

    /// Makes the default configuration.
    public init() {}
}
