import Foundation
import KubeLegoACME
import KubeLegoHTTP
import KubeLegoPebble
import KubeLegoSpawn
import KubeLegoTLS
import Logging

/// One Pebble with a test HTTP-01 solver on its `httpPort` and an ACME client trusting its listener CA.
struct PebbleHarness {
    let solver: TestHTTP01Solver
    let pebble: PebbleServer
    let http: HTTPClient
    let client: ACMEClient

    /// Starts the solver, then Pebble validating against it, with `configure` applied to the options.
    static func start(_ behaviour: TestHTTP01Solver.Behaviour = .init(),
                      _ configure: (inout PebbleOptions) -> Void = { _ in }) async throws -> PebbleHarness {
        let solver = try await TestHTTP01Solver.start(behaviour)
        var options = PebbleOptions(httpPort: solver.port)
        configure(&options)
        let pebble = try await PebbleServer.start(options: options)
        var configuration = HTTPClientConfiguration()
        configuration.trust = .pem(pebble.listenerCAPEM, replacingSystem: true)
        configuration.useEnvironmentProxy = false
        let http = try HTTPClient(configuration: configuration)
        var logger = Logger(label: "acme-test")
        logger.logLevel = .notice
        let client = ACMEClient(directoryURL: pebble.directoryURL, httpClient: http, logger: logger)
        return PebbleHarness(solver: solver, pebble: pebble, http: http, client: client)
    }

    /// Stops everything.
    func stop() async {
        pebble.stop()
        await http.shutdown()
        try? await solver.stop()
    }

    /// A new account with a fresh P-256 key.
    func newAccount(contact: [String] = ["mailto:test@example.com"]) async throws -> ACMEAccount {
        try await client.createAccount(key: PrivateKey.generate(.ec256), contact: contact, agreeToTermsOfService: true)
    }

    /// Issues a certificate for `names` with a new key of `keyType`.
    func issue(_ names: [String], keyType: KeyType = .ec256, account: ACMEAccount? = nil,
               options: IssuanceOptions = .init()) async throws -> (IssuedCertificate, PrivateKey) {
        let account = if let account { account } else { try await newAccount() }
        let key = try PrivateKey.generate(keyType)
        let issued = try await client.issueCertificate(for: names.map(ACMEIdentifier.infer), certificateKey: key, account: account,
                                                       solvers: [solver], options: options)
        return (issued, key)
    }

    /// GET on Pebble's management API, as text.
    func management(_ path: String) async throws -> (Int, String) {
        let response = try await http.execute(HTTPRequest(url: "\(pebble.managementURL)/\(path)"))
        return (response.status, response.text)
    }
}

/// Runs `openssl verify` on a chain (leaf first) against `rootPEM`; returns openssl's exit status and output.
func opensslVerify(chain: CertificateChain, rootPEM: String) throws -> (Int32, String) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("acme-verify-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let root = directory.appendingPathComponent("root.pem")
    let intermediates = directory.appendingPathComponent("intermediates.pem")
    let leaf = directory.appendingPathComponent("leaf.pem")
    try rootPEM.write(to: root, atomically: true, encoding: .utf8)
    try chain.certificates.dropFirst().map(\.pem).joined().write(to: intermediates, atomically: true, encoding: .utf8)
    try chain.leaf.pem.write(to: leaf, atomically: true, encoding: .utf8)
    return try runTool("/usr/bin/openssl", ["verify", "-CAfile", root.path, "-untrusted", intermediates.path, leaf.path])
}

/// Runs a command to completion and returns its exit status and combined output.
func runTool(_ executable: String, _ arguments: [String], input: [UInt8]? = nil) throws -> (Int32, String) {
    let process = SpawnedProcess()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    let inputPipe = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
    try process.run()
    if let input {
        inputPipe.fileHandleForWriting.write(Data(input))
        try inputPipe.fileHandleForWriting.close()
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
