public import Foundation
import KubeLegoHTTP
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// ACME Renewal Information (RFC 9773) in front of a real ACME server that has none (Pebble 2.4): an HTTPS
/// server on 127.0.0.1 that forwards every request to the upstream unchanged, keeping the client's `Host` so the
/// upstream's URLs (and its check of each JWS `url`) name the front, and adds only
///
/// - `renewalInfo` to the directory, answered here with the windows the test sets (`setAnswer`, `defaultAnswer`);
/// - a record of each newOrder request's `replaces` (the JWS payload is base64url JSON), forwarded as it came.
///   Pebble 2.4 decodes newOrder payloads without rejecting unknown fields, so it ignores `replaces`.
///
/// Run one with `ARIFront.with(upstream:…)`; clients trust the same CA as for the upstream.
public final class ARIFront: Sendable {
    /// What `renewalInfo/<identifier>` answers.
    public enum Answer: Sendable, Equatable {
        /// 200 with this suggested window, and `Retry-After: retryAfter` seconds when given.
        case window(start: Date, end: Date, retryAfter: Int?)
        /// An error status with a problem document (e.g. 500).
        case failure(status: Int)
    }

    /// One newOrder request as it passed through.
    public struct NewOrder: Sendable, Equatable {
        /// The `replaces` field of the payload; nil when absent.
        public let replaces: String?
        /// The identifier values of the payload.
        public let identifiers: [String]
    }

    /// The path under which `renewalInfo` is served.
    public static let renewalInfoPath = "/ari-front/renewal-info/"

    /// The front's address for the upstream's directory: use it as the ACME directory URL.
    public let directoryURL: String
    /// The port the front listens on.
    public let port: Int

    let upstreamBase: String
    let directoryPath: String
    let http: HTTPClient
    private let state: Mutex<State>

    struct State {
        var answers: [String: Answer] = [:]
        var defaultAnswer: Answer
        var newOrderPath: String?
        var newOrders: [NewOrder] = []
        var renewalInfoRequests: [String: Int] = [:]
        var rejectsReplaces = false
    }

    init(port: Int, upstreamDirectoryURL: URL, http: HTTPClient, defaultAnswer: Answer) {
        self.port = port
        self.http = http
        let scheme = upstreamDirectoryURL.scheme ?? "https"
        let authority = upstreamDirectoryURL.port.map { "\(upstreamDirectoryURL.host ?? "127.0.0.1"):\($0)" } ?? (upstreamDirectoryURL.host ?? "127.0.0.1")
        self.upstreamBase = "\(scheme)://\(authority)"
        self.directoryPath = upstreamDirectoryURL.path.isEmpty ? "/" : upstreamDirectoryURL.path
        self.directoryURL = "https://127.0.0.1:\(port)\(directoryPath)"
        self.state = Mutex(State(defaultAnswer: defaultAnswer))
    }

    /// Makes `renewalInfo/<identifier>` answer `answer`.
    public func setAnswer(_ answer: Answer, for identifier: String) {
        state.withLock { $0.answers[identifier] = answer }
    }

    /// What identifiers without an answer of their own get.
    public var defaultAnswer: Answer {
        get { state.withLock { $0.defaultAnswer } }
        set { state.withLock { $0.defaultAnswer = newValue } }
    }

    /// True to answer every newOrder naming `replaces` with 409 `alreadyReplaced` (recorded, not forwarded), as
    /// a CA does when the certificate was replaced already.
    public var rejectsReplaces: Bool {
        get { state.withLock { $0.rejectsReplaces } }
        set { state.withLock { $0.rejectsReplaces = newValue } }
    }

    /// Every newOrder request so far, oldest first.
    public var newOrders: [NewOrder] { state.withLock { $0.newOrders } }

    /// How often `renewalInfo/<identifier>` was asked.
    public func renewalInfoRequests(for identifier: String) -> Int {
        state.withLock { $0.renewalInfoRequests[identifier] ?? 0 }
    }

    /// Runs a front for `upstreamDirectoryURL` while `body` runs. It serves TLS with `certificateFile` and
    /// `keyFile` (PEM; Pebble's listener pair covers 127.0.0.1) and reaches the upstream trusting `trustPEM`.
    public static func with<T: Sendable>(
        upstreamDirectoryURL: String, certificateFile: URL, keyFile: URL, trustPEM: String,
        defaultAnswer: Answer = .failure(status: 404), _ body: (ARIFront) async throws -> T
    ) async throws -> T {
        guard let upstream = URL(string: upstreamDirectoryURL) else { throw HTTPError(code: .invalidRequest, reason: "not a URL", url: upstreamDirectoryURL) }
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificateFile.path).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: keyFile.path, format: .pem)))
        tls.minimumTLSVersion = .tlsv12
        let context = try NIOSSLContext(configuration: tls)
        var configuration = HTTPClientConfiguration()
        configuration.trust = .pem(trustPEM, replacingSystem: true)
        configuration.useEnvironmentProxy = false
        let http = try HTTPClient(configuration: configuration)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: true)
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        let front = ARIFront(port: channel.channel.localAddress?.port ?? 0, upstreamDirectoryURL: upstream, http: http, defaultAnswer: defaultAnswer)
        let result: Result<T, any Error>
        do {
            result = .success(try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await channel.executeThenClose { inbound in
                        try await withThrowingDiscardingTaskGroup { connections in
                            for try await connection in inbound {
                                connections.addTask { try? await front.serve(connection) }
                            }
                        }
                    }
                }
                defer { group.cancelAll() }
                return try await body(front)
            })
        } catch {
            result = .failure(error)
        }
        try? await channel.channel.close()
        await http.shutdown()
        return try result.get()
    }

    /// Answers the requests of one connection in turn.
    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let requestHead):
                    head = requestHead
                    body = []
                case .body(let buffer):
                    body.append(contentsOf: buffer.readableBytesView)
                case .end:
                    guard let head else { return }
                    let reply = await respond(to: head, body: body)
                    var headers = NIOHTTP1.HTTPHeaders(reply.headers.map { ($0.name, $0.value) })
                    headers.replaceOrAdd(name: "Content-Length", value: "\(reply.body.count)")
                    try await outbound.write(.head(HTTPResponseHead(version: head.version, status: .init(statusCode: reply.status), headers: headers)))
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: reply.body))))
                    try await outbound.write(.end(nil))
                    if !head.isKeepAlive { return }
                }
            }
        }
    }

    /// Records a renewalInfo request and returns the answer set for it.
    func renewalInfoAnswer(for identifier: String) -> Answer {
        state.withLock { state in
            state.renewalInfoRequests[identifier, default: 0] += 1
            return state.answers[identifier] ?? state.defaultAnswer
        }
    }

    /// Remembers the newOrder path the upstream's directory names.
    func learnNewOrderPath(_ path: String) {
        state.withLock { $0.newOrderPath = path }
    }

    /// True when `path` is the upstream's newOrder.
    func isNewOrder(_ path: String) -> Bool {
        state.withLock { $0.newOrderPath == path }
    }

    /// Records a newOrder request.
    func record(_ order: NewOrder) {
        state.withLock { $0.newOrders.append(order) }
    }
}
