#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoHTTP
import KubeLegoTLS
import Logging
import Synchronization

/// A successful (2xx) response to an ACME request.
struct ACMEResponse {
    let url: String
    let status: Int
    let headers: HTTPHeaders
    let body: [UInt8]
    /// When the CA asked to be polled again, if it said.
    let retryAfter: Date?

    /// The `Location` header, required on resources the CA creates.
    func location() throws(ACMEError) -> String {
        guard let location = headers.field("Location"), !location.isEmpty else {
            throw ACMEError(.invalidResponse, "the response has no Location header", url: url, httpStatus: status)
        }
        return URL(string: location, relativeTo: URL(string: url))?.absoluteString ?? location
    }

    /// The body decoded as JSON of type `T`.
    func decode<T: Decodable>(_ type: T.Type) throws(ACMEError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch {
            throw ACMEError(.invalidResponse, "the response is not a valid \(T.self): \(error)", url: url, httpStatus: status)
        }
    }
}

extension ACMEClient {
    /// Sends one HTTP request: counts it, times it, keeps its `Replay-Nonce`, and maps transport failures.
    func send(_ request: HTTPRequest) async throws(ACMEError) -> HTTPResponse {
        if Task.isCancelled { throw .cancelled(request.url) }
        state.withLock { $0.requestCount += 1 }
        let recorder = IssuanceRecorder.current
        recorder?.countRequest()
        let start = ContinuousClock.now
        var status: Int?
        defer {
            let elapsed = ContinuousClock.now - start
            recorder?.addNetworkTime(elapsed)
            observe(request, status: status, duration: elapsed)
        }
        let response: HTTPResponse
        do {
            response = try await http.execute(request)
        } catch {
            if error.code == .cancelled { throw .cancelled(request.url) }
            throw ACMEError(.transport, "\(request.method) failed: \(error.reason)", url: request.url)
        }
        status = response.status
        logger.trace("acme response", metadata: ["acme.url": .string(request.url), "http.status": .stringConvertible(response.status)])
        if let nonce = response.headers.field("Replay-Nonce") { keepNonce(nonce) }
        return response
    }

    /// Reports the exchange to the configured observer, if any.
    private func observe(_ request: HTTPRequest, status: Int?, duration: Duration) {
        guard let observer = configuration.requestObserver else { return }
        let directory = state.withLock { $0.directory }
        let endpoint = directory?.endpointName(of: request.url, directoryURL: directoryURL)
            ?? (request.url == directoryURL ? "directory" : "resource")
        observer(ACMERequestRecord(endpoint: endpoint, method: request.method, status: status, duration: duration))
    }

    /// Stores a nonce for a later request, when it is well-formed base64url (RFC 8555 §6.5.1).
    func keepNonce(_ nonce: String) {
        guard !nonce.isEmpty, nonce.utf8.allSatisfy(\.isBase64URLCharacter) else { return }
        let limit = configuration.noncePoolLimit
        state.withLock { state in
            state.nonces.append(nonce)
            if state.nonces.count > limit { state.nonces.removeFirst(state.nonces.count - limit) }
        }
    }

    /// A nonce from the pool, or a fresh one from `newNonce` when the pool is empty.
    func nonce() async throws(ACMEError) -> String {
        if let nonce = state.withLock({ $0.nonces.popLast() }) { return nonce }
        let url = try await directory().newNonce
        let response = try await send(HTTPRequest(method: "HEAD", url: url))
        guard (200..<300).contains(response.status) else {
            throw ACMEError(.invalidResponse, "newNonce answered HTTP \(response.status)", url: url, httpStatus: response.status)
        }
        guard let nonce = state.withLock({ $0.nonces.popLast() }) else {
            throw ACMEError(.invalidResponse, "newNonce answered without a usable Replay-Nonce", url: url, httpStatus: response.status)
        }
        return nonce
    }

    /// Sends a JWS-signed POST (or POST-as-GET), retrying `badNonce` rejections at once with the nonce the
    /// rejection carried, a bounded number of times. Throws `.problem` for any other error answer.
    func post(_ url: String, payload: JWS.Payload, key: PrivateKey, reference: JWS.KeyReference, accept: String? = nil) async throws(ACMEError) -> ACMEResponse {
        var attempt = 0
        while true {
            let body = try JWS.sign(payload: payload, url: url, nonce: try await nonce(), key: key, reference: reference)
            var headers: HTTPHeaders = ["Content-Type": "application/jose+json"]
            if let accept { headers.add("Accept", accept) }
            let response = try await send(HTTPRequest(method: "POST", url: url, headers: headers, body: body))
            let retryAfter = RetryAfter.date(from: response.headers.field("Retry-After"), now: configuration.now())
            if (200..<300).contains(response.status) {
                return ACMEResponse(url: url, status: response.status, headers: response.headers, body: response.body, retryAfter: retryAfter)
            }
            let problem = ACMEProblem.decode(response.body)
            if problem?.kind == .badNonce, attempt < configuration.badNonceRetries {
                attempt += 1
                logger.debug("nonce rejected, retrying", metadata: ["acme.url": .string(url), "acme.attempt": .stringConvertible(attempt)])
                continue
            }
            guard let problem else {
                let excerpt = String(decoding: response.body.prefix(200), as: UTF8.self)
                throw ACMEError(.invalidResponse, "HTTP \(response.status) without a problem document: \(excerpt)", url: url,
                                httpStatus: response.status, retryAfter: retryAfter)
            }
            throw ACMEError(.problem, "the CA refused the request (HTTP \(response.status))", url: url, problem: problem,
                            httpStatus: response.status, retryAfter: retryAfter)
        }
    }

    /// POSTs a JSON object signed by the account.
    func post(_ url: String, json: some Encodable, account: ACMEAccount) async throws(ACMEError) -> ACMEResponse {
        try await post(url, payload: .json(try JWS.encode(json)), key: account.key, reference: .kid(account.url))
    }

    /// Reads a resource with POST-as-GET, signed by the account.
    func fetch(_ url: String, account: ACMEAccount, accept: String? = nil) async throws(ACMEError) -> ACMEResponse {
        try await post(url, payload: .postAsGet, key: account.key, reference: .kid(account.url), accept: accept)
    }
}

extension UInt8 {
    /// True for the characters of the base64url alphabet (RFC 4648 §5), without padding.
    var isBase64URLCharacter: Bool {
        switch self {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"): return true
        default: return false
        }
    }
}
