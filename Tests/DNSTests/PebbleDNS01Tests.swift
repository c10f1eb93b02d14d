import Foundation
import KubeLegoACME
import KubeLegoDNS
import KubeLegoHTTP
import KubeLegoPebble
import KubeLegoTestKit
import KubeLegoTLS
import Logging
import Testing

/// A Pebble resolving and validating through the test BIND, and an ACME client trusting it.
struct PebbleWithBIND {
    let bind: BINDServer
    let pebble: PebbleServer
    let http: HTTPClient
    let client: ACMEClient

    static func start(_ bind: BINDServer) async throws -> PebbleWithBIND {
        // The HTTP-01 port is unused (only dns-01 is answered) but Pebble's configuration needs one.
        var options = PebbleOptions(httpPort: bind.port)
        options.dnsServer = bind.address
        let pebble = try await PebbleServer.start(options: options)
        var configuration = HTTPClientConfiguration()
        configuration.trust = .pem(pebble.listenerCAPEM, replacingSystem: true)
        configuration.useEnvironmentProxy = false
        let http = try HTTPClient(configuration: configuration)
        var logger = Logger(label: "dns01-pebble-test")
        logger.logLevel = .notice
        return PebbleWithBIND(bind: bind, pebble: pebble, http: http, client: ACMEClient(directoryURL: pebble.directoryURL, httpClient: http, logger: logger))
    }

    func stop() async {
        pebble.stop()
        await http.shutdown()
    }

    /// Issues one certificate for `names` with a fresh account, answering dns-01 with `solver`.
    func issue(_ names: [String], solver: DNS01Solver) async throws -> IssuedCertificate {
        let account = try await client.createAccount(key: PrivateKey.generate(.ec256), contact: [], agreeToTermsOfService: true)
        return try await client.issueCertificate(for: names.map(ACMEIdentifier.infer), certificateKey: PrivateKey.generate(.ec256),
                                                 account: account, solvers: [solver], options: IssuanceOptions(timeout: .seconds(60)))
    }

    /// How many dns-01 validations Pebble's validator started, from its log.
    var validationsStarted: Int {
        let log = (try? String(contentsOf: pebble.pebbleLogFile, encoding: .utf8)) ?? ""
        return log.components(separatedBy: "Pulled a task from the Tasks queue").count - 1
    }
}

@Suite("DNS-01 issuance through real Pebble and BIND", .serialized, .timeLimit(.minutes(3)))
struct PebbleDNS01Tests {
    func withPebbleAndBIND(_ body: (PebbleWithBIND) async throws -> Void) async throws {
        try await withBIND { bind in
            let harness = try await PebbleWithBIND.start(bind)
            do {
                try await body(harness)
            } catch {
                await harness.stop()
                throw error
            }
            await harness.stop()
        }
    }

    @Test("one certificate for *.wild.example.test and wild.example.test: both authorizations share the record name; nothing left behind")
    func wildcard() async throws {
        try await withPebbleAndBIND { harness in
            let solver = try DNS01SolverTests.solver(harness.bind.configuration())
            let issued = try await harness.issue(["*.wild.example.test", "wild.example.test"], solver: solver)
            #expect(issued.chain.leaf.dnsNames.sorted() == ["*.wild.example.test", "wild.example.test"])
            #expect(harness.validationsStarted >= 2)
            #expect(try await harness.bind.txtValues("_acme-challenge.wild.example.test") == [])
        }
    }

    @Test("a wrong TSIG secret: issuance fails with BADSIG naming the server, and Pebble was asked no validation")
    func wrongSecret() async throws {
        try await withPebbleAndBIND { harness in
            let solver = try DNS01SolverTests.solver(harness.bind.configuration(secret: unknownSecret))
            do {
                _ = try await harness.issue(["bad.example.test"], solver: solver)
                Issue.record("issued")
            } catch let error as ACMEError {
                #expect(error.code == .solverFailed, "\(error)")
                #expect(error.reason.contains("BADSIG") && error.reason.contains(harness.bind.address), "\(error)")
            }
            #expect(harness.validationsStarted == 0)
        }
    }
}
