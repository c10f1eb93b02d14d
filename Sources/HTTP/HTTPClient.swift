import CKubeLegoCurl
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import Logging

/// An async HTTP client over libcurl. Thread-safe; share one per configuration.
///
/// All transfers run on one thread the client owns (libcurl's multi interface), never on Swift's cooperative
/// pool; connections are reused between requests. Cancelling the calling task aborts its transfer.
public final class HTTPClient: Sendable {
    let engine: CurlEngine
    let settings: ClientSettings

    /// A client for `configuration`, logging nowhere.
    public convenience init(configuration: HTTPClientConfiguration = .init()) throws(HTTPError) {
        try self.init(configuration: configuration, logger: Logger(label: "kube-lego.http", factory: { _ in
            SwiftLogNoOpLogHandler()
        }))
    }

    /// A client for `configuration` that reports finished transfers to `logger` at debug level (method, URL
    /// without credentials, status, duration; never headers or bodies).
    public convenience init(configuration: HTTPClientConfiguration, logger: Logger) throws(HTTPError) {
        try self.init(configuration: configuration, logger: logger,
                      environment: ProcessInfo.processInfo.environment, systemTrustBundle: nil)
    }

    /// The designated initializer. `environment` is where proxy variables are read (tests pass their own);
    /// `systemTrustBundle` replaces the system CA bundle (tests only).
    init(configuration: HTTPClientConfiguration, logger: Logger, environment: [String: String],
         systemTrustBundle: String?) throws(HTTPError) {
        let initResult = kl_curl_global_init_once()
        guard initResult == CURLE_OK else {
            throw HTTPError(code: .configuration, reason: "libcurl failed to initialise: "
                            + CurlTransfer.describe(initResult), url: "")
        }
        guard configuration.maxResponseBytes >= 0 else {
            throw HTTPError(code: .configuration, reason: "maxResponseBytes must not be negative", url: "")
        }
        let system: TLSMaterial.SystemBundle = systemTrustBundle.map { .substitute(path: $0) }
            ?? .libcurlDefault(path: Self.defaultSystemBundle())
        let tls = try TLSMaterial(configuration: configuration, system: system)
        settings = ClientSettings(
            tls: tls,
            proxies: configuration.useEnvironmentProxy ? ProxySettings(environment: environment) : .none,
            bearerToken: configuration.bearerToken,
            userAgent: configuration.userAgent,
            connectTimeout: configuration.connectTimeout,
            timeout: configuration.timeout,
            maxResponseBytes: configuration.maxResponseBytes,
            streamHighWater: 1 << 20,
            logger: logger)
        engine = try CurlEngine(logger: logger)
    }

    deinit {
        engine.requestShutdown()
    }

    /// Aborts transfers in flight (they end with `.cancelled`), stops the worker thread and frees libcurl's
    /// handles. Idempotent; requests made afterwards fail with `.cancelled`.
    public func shutdown() async {
        await engine.shutdown()
    }

    /// Sends `request` and returns the complete response (any status code is a response, not an error).
    public func execute(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let response = OneShot<HTTPResponse>()
        let transfer = try CurlTransfer(id: engine.makeTransferID(), request: request, settings: settings,
                                        delivery: .buffered(response, maxBytes: max(0, request.maxResponseBytes ?? settings.maxResponseBytes)))
        let engine = self.engine
        let id = transfer.id
        let cancelled = HTTPError(code: .cancelled, reason: "the request was cancelled", url: request.url,
                                  method: request.method)
        return try await withTaskCancellationHandler {
            engine.submit(transfer)
            return await response.value()
        } onCancel: {
            response.settle(.failure(cancelled))
            engine.send(.abort(id))
        }.get()
    }

    /// libcurl's built-in CA bundle path (Debian: /etc/ssl/certs/ca-certificates.crt).
    private static func defaultSystemBundle() -> String? {
        guard let easy = CurlEasy() else { return nil }
        return easy.info(string: CURLINFO_CAINFO) ?? "/etc/ssl/certs/ca-certificates.crt"
    }
}
