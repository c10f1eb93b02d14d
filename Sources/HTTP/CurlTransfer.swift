import CKubeLegoCurl
import Logging

/// One request in flight: its easy handle, the response being assembled, and where the outcome goes.
///
/// Built on the caller's thread; from `CurlEngine.submit` on, only the engine thread touches it (the libcurl
/// callbacks run there too). What callers share with it, `OneShot` and `StreamChannel`, is thread-safe.
final class CurlTransfer: @unchecked Sendable {
    /// Where the outcome goes.
    enum Delivery {
        /// A complete response, body buffered up to `maxBytes`.
        case buffered(OneShot<HTTPResponse>, maxBytes: Int)
        /// The head as soon as it is complete, then the body chunk by chunk.
        case streaming(head: OneShot<ResponseHead>, body: StreamChannel)
    }

    /// The engine's key for this transfer (also set as CURLOPT_PRIVATE).
    let id: UInt64
    /// Request method, for messages.
    let method: String
    /// Request URL without credentials, for messages.
    let url: String
    /// The libcurl handle; removed from the multi handle before this object goes away.
    let easy: CurlEasy
    /// Where the outcome goes.
    let delivery: Delivery
    /// The connect timeout in force, for messages.
    let connectTimeout: Duration
    /// The total timeout in force (nil: none), for messages.
    let timeout: Duration?
    /// Whether the URL is https (a timeout before the TLS handshake finished is a connect timeout).
    let isHTTPS: Bool
    private let tls: TLSMaterial  // keeps the NOCOPY blobs alive as long as `easy`
    private let logger: Logger
    private let started = ContinuousClock.now
    private var head: ResponseHeadParser
    private var body: [UInt8] = []
    private(set) var bodyTooLarge = false

    /// Builds and configures the easy handle for `request`.
    init(id: UInt64, request: HTTPRequest, settings: ClientSettings, delivery: Delivery) throws(HTTPError) {
        try RequestValidation.check(request)
        self.id = id
        self.method = request.method
        self.url = URLRedaction.redact(request.url)
        self.delivery = delivery
        self.tls = settings.tls
        self.logger = settings.logger
        self.head = ResponseHeadParser(followsRedirects: request.followRedirects)
        self.isHTTPS = request.url.lowercased().hasPrefix("https://")
        self.connectTimeout = request.connectTimeout ?? settings.connectTimeout
        if case .streaming = delivery {
            self.timeout = request.timeout
        } else {
            self.timeout = request.timeout ?? settings.timeout
        }
        guard let easy = CurlEasy() else {
            throw HTTPError(code: .configuration, reason: "libcurl could not create a handle", url: request.url,
                            method: request.method)
        }
        self.easy = easy
        do {
            try configure(for: request, settings: settings)
        } catch {
            throw HTTPError(code: .configuration, reason: "\(error.action) failed: \(Self.describe(error.code))",
                            url: request.url, method: request.method)
        }
    }

    /// Whether nobody waits for the outcome any more (the caller was cancelled before the engine started it).
    var isAbandoned: Bool {
        switch delivery {
        case .buffered(let response, _): response.isSettled
        case .streaming(let head, _): head.isSettled
        }
    }

    // MARK: - libcurl callbacks (engine thread)

    /// Takes body bytes; returns how many were taken, 0 to abort or CURL_WRITEFUNC_PAUSE to pause.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        switch delivery {
        case .buffered(_, let maxBytes):
            if bodyTooLarge || body.count + bytes.count > maxBytes {
                bodyTooLarge = true
                return 0
            }
            body.append(contentsOf: bytes)
            return bytes.count
        case .streaming(_, let channel):
            switch channel.offer(bytes) {
            case .accepted: return bytes.count
            case .pause: return KL_CURL_WRITEFUNC_PAUSE
            case .abort: return 0
            }
        }
    }

    /// Takes one header line; hands a streaming caller the head once it is complete.
    func receiveHeader(_ bytes: UnsafeRawBufferPointer) -> Int {
        if head.consume(bytes), case .streaming(let headResult, _) = delivery {
            headResult.settle(.success(ResponseHead(status: head.status, headers: head.headers)))
        }
        return bytes.count
    }

    // MARK: - Outcome (engine thread, or the caller's thread before submission)

    /// libcurl finished the transfer with `code`.
    func complete(_ code: CURLcode) {
        guard code == CURLE_OK else {
            fail(error(for: code))
            return
        }
        let status = head.status != 0 ? head.status : easy.info(CURLINFO_RESPONSE_CODE)
        let headers = head.headers
        switch delivery {
        case .buffered(let response, _):
            response.settle(.success(HTTPResponse(status: status, headers: headers, body: body)))
        case .streaming(let headResult, let channel):
            headResult.settle(.success(ResponseHead(status: status, headers: headers)))
            channel.finish(.success(()))
        }
        log(status: status, error: nil)
    }

    /// The transfer ends with `error` (aborted, or failed).
    func fail(_ error: HTTPError) {
        switch delivery {
        case .buffered(let response, _):
            response.settle(.failure(error))
        case .streaming(let headResult, let channel):
            headResult.settle(.failure(error))
            channel.finish(.failure(error))
        }
        log(status: nil, error: error)
    }

    private func log(status: Int?, error: HTTPError?) {
        var metadata: Logger.Metadata = [
            "http.method": "\(method)",
            "http.url": "\(url)",
            "http.duration_ms": "\((ContinuousClock.now - started).curlMilliseconds)",
        ]
        if let status { metadata["http.status"] = "\(status)" }
        if let error { metadata["http.error"] = "\(error.reason)" }
        logger.debug(error == nil ? "HTTP transfer finished" : "HTTP transfer failed", metadata: metadata)
    }
}
