import KubeLegoHTTP

public import Logging

/// A Kubernetes API client: typed verbs over `KubeResource` models, watches and Status errors.
///
/// One client per API server; share it. Every request passes a client-side token-bucket rate limit and carries
/// `User-Agent: kube-lego/<version>`. Secret payloads and tokens are never logged.
public final class KubeClient: Sendable {
    /// The connection this client uses (credentials included; do not log it).
    public let settings: ConnectionSettings
    /// The options this client was made with.
    public let options: KubeClientOptions
    let http: HTTPClient
    let logger: Logger
    private let tokens: BearerTokenProvider
    private let limiter: RateLimiter

    /// Makes a client for `settings`; throws `.configuration` when the TLS material is unusable.
    public init(settings: ConnectionSettings, options: KubeClientOptions = .init(), logger: Logger) throws(KubeError) {
        var configuration = HTTPClientConfiguration()
        configuration.trust = settings.trust
        configuration.clientCertificatePEM = settings.clientCertificatePEM
        configuration.clientKeyPEM = settings.clientKeyPEM
        configuration.insecureSkipTLSVerify = settings.insecureSkipTLSVerify
        configuration.userAgent = options.userAgent
        configuration.connectTimeout = options.connectTimeout
        configuration.timeout = options.requestTimeout
        configuration.maxResponseBytes = options.maxResponseBytes
        do {
            http = try HTTPClient(configuration: configuration)
        } catch {
            throw KubeError(.configuration, "cannot set up HTTP for \(settings.server) (\(settings.origin)): \(error.reason)")
        }
        self.settings = settings
        self.options = options
        self.logger = logger
        self.tokens = BearerTokenProvider(source: settings.bearerToken)
        self.limiter = RateLimiter(qps: options.qps, burst: options.burst)
    }

    /// Aborts requests and watches in flight and releases the connection pool; idempotent.
    public func shutdown() async {
        await http.shutdown()
    }

    /// Builds the request for `path` (already including its query) with credentials and content type.
    func makeRequest(
        method: String, path: String, body: [UInt8]? = nil, contentType: String = "application/json",
        verb: String, object: String?
    ) throws(KubeError) -> HTTPRequest {
        var headers: HTTPHeaders = ["Accept": "application/json"]
        if body != nil { headers.add("Content-Type", contentType) }
        do {
            if let token = try tokens.currentToken() { headers.add("Authorization", "Bearer \(token)") }
        } catch {
            var error = error
            error.verb = verb
            error.object = object
            throw error
        }
        return HTTPRequest(method: method, url: settings.server + path, headers: headers, body: body)
    }

    /// Waits for the rate limiter; maps cancellation to `.cancelled`.
    func throttle(verb: String, object: String?) async throws(KubeError) {
        do {
            try await limiter.acquire()
        } catch {
            throw KubeError(.cancelled, "cancelled while waiting for the client rate limit", object: object, verb: verb)
        }
    }

    /// Sends one request and returns the body of a 2xx response; other statuses become decoded `KubeError`s.
    ///
    /// Transient failures (5xx, 429, connection errors and timeouts) are retried in place as `options.retry`
    /// says; what reaches the caller is the last error, or `.cancelled` when the task was cancelled meanwhile.
    func send(
        method: String, path: String, body: [UInt8]? = nil, contentType: String = "application/json",
        verb: String, object: String?
    ) async throws(KubeError) -> [UInt8] {
        let start = ContinuousClock.now
        var attempt = 0
        while true {
            attempt += 1
            let failure: KubeError
            let networkFailure: Bool
            do {
                return try await sendOnce(
                    method: method, path: path, body: body, contentType: contentType, verb: verb, object: object)
            } catch {
                failure = error.error
                networkFailure = error.isNetwork
            }
            let retryable = failure.code != .transport || networkFailure
            guard retryable, let delay = options.retry.delay(after: failure, attempt: attempt, elapsed: ContinuousClock.now - start) else {
                throw failure
            }
            logger.debug("transient kube error, retrying", metadata: [
                "kube.verb": "\(verb)", "kube.path": "\(path)", "kube.attempt": "\(attempt)", "error": "\(failure)",
            ])
            do {
                try await Task.sleep(for: delay)
            } catch {
                throw KubeError(.cancelled, "cancelled while waiting to retry after: \(failure.reason)", object: object, verb: verb)
            }
        }
    }

    /// A failed try, and whether it failed on the network (worth another try) rather than locally.
    struct SendFailure: Error {
        let error: KubeError
        let isNetwork: Bool
    }

    /// One try of `send`, without retrying.
    private func sendOnce(
        method: String, path: String, body: [UInt8]?, contentType: String, verb: String, object: String?
    ) async throws(SendFailure) -> [UInt8] {
        let request: HTTPRequest
        do {
            request = try makeRequest(method: method, path: path, body: body, contentType: contentType, verb: verb, object: object)
            try await throttle(verb: verb, object: object)
        } catch {
            throw SendFailure(error: error, isNetwork: false)
        }
        let response: HTTPResponse
        do {
            response = try await http.execute(request)
        } catch {
            logger.debug("kube request failed", metadata: ["kube.verb": "\(verb)", "kube.path": "\(path)", "error": "\(error)"])
            let isNetwork = [.couldNotConnect, .timedOut, .transfer].contains(error.code)
            throw SendFailure(error: KubeError(error, verb: verb, object: object), isNetwork: isNetwork)
        }
        logger.trace("kube request", metadata: ["kube.verb": "\(verb)", "kube.path": "\(path)", "http.status": "\(response.status)"])
        guard (200..<300).contains(response.status) else {
            throw SendFailure(
                error: KubeError(status: response.status, headers: response.headers, body: response.body, verb: verb, object: object),
                isNetwork: false)
        }
        return response.body
    }

    /// Parses a response body as a JSON object, naming the verb and object on failure.
    func decodeObject(_ body: [UInt8], verb: String, object: String?) throws(KubeError) -> JSONObject {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: body)
        } catch {
            throw KubeError(.decoding, "response is not JSON: \(error.reason)", object: object, verb: verb)
        }
        guard let result = value.objectValue else {
            throw KubeError(.decoding, "response is not a JSON object", object: object, verb: verb)
        }
        return result
    }
}
