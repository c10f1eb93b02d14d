@testable import KubeLegoHTTP
import KubeLegoTestKit
import Logging
import NIOHTTP1
import NIOSSL
import Synchronization

/// Runs `body` with a client made for the test (no proxy variables unless given, optional substitute system CA
/// bundle), and shuts the client down afterwards.
func withClient<T>(
    environment: [String: String] = [:],
    systemTrustBundle: String? = nil,
    configure: (inout HTTPClientConfiguration) -> Void = { _ in },
    _ body: (HTTPClient) async throws -> T
) async throws -> T {
    var configuration = HTTPClientConfiguration()
    configure(&configuration)
    let client = try HTTPClient(configuration: configuration, logger: Logger(label: "http-tests"),
                                environment: environment, systemTrustBundle: systemTrustBundle)
    do {
        let result = try await body(client)
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}

/// A route that echoes "METHOD URI BODY", with the status taken from an `X-Status` request header (default 200).
let echoRoute: TestRoute = { request, response in
    let status = request.headers.first(name: "X-Status").flatMap { Int($0) } ?? 200
    try await response.respond(status: status, text: "\(request.method) \(request.uri) \(request.text)")
}

/// Server TLS settings with one of the test certificates; with `clientCA` the server demands a client
/// certificate issued by that CA.
func serverTLS(certificate: String, key: String, clientCA: String? = nil) throws -> TLSConfiguration {
    var configuration = TLSConfiguration.makeServerConfiguration(
        certificateChain: [.certificate(try NIOSSLCertificate(file: certificate, format: .pem))],
        privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
    if let clientCA {
        configuration.certificateVerification = .noHostnameVerification
        configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(clientCA))
    }
    return configuration
}

/// The `HTTPError` code a task ended with, or nil if it succeeded or threw something else.
func errorCode<T>(_ result: Result<T, any Error>) -> HTTPError.Code? {
    guard case .failure(let error) = result else { return nil }
    return (error as? HTTPError)?.code
}

/// A thread-safe counter and flag for tests that watch other tasks.
final class TestTicker: Sendable {
    private let state = Mutex((ticks: 0, stopped: false))
    var ticks: Int { state.withLock { $0.ticks } }
    var stopped: Bool { state.withLock { $0.stopped } }
    func tick() { state.withLock { $0.ticks += 1 } }
    func stop() { state.withLock { $0.stopped = true } }
}
