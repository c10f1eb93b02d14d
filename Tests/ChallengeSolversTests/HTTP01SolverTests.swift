import KubeLegoACME
import KubeLegoChallengeSolvers
import KubeLegoHTTP
import Logging
import Testing

/// The solver through the ChallengeSolver contract, with a real responder and real HTTP.
@Suite("HTTP-01 solver")
struct HTTP01SolverTests {
    func task(host: String = "shop.example", token: String = "Zm9vYmFy_-9", type: String = "http-01") -> ChallengeTask {
        ChallengeTask(
            identifier: .infer(host),
            challengeType: type,
            token: token,
            keyAuthorization: "\(token).account-thumbprint",
            url: "https://ca.example/chall/1"
        )
    }

    func makeClient() throws -> HTTPClient {
        var configuration = HTTPClientConfiguration()
        configuration.useEnvironmentProxy = false
        return try HTTPClient(configuration: configuration)
    }

    @Test("present serves the key authorization, waitUntilReady passes the self-check, cleanUp withdraws it")
    func fullCycle() async throws {
        let client = try makeClient()
        try await withResponder { responder, port in
            let solver = HTTP01Solver(
                responder: responder,
                client: client,
                selfCheck: SelfCheck.Configuration(address: "127.0.0.1:\(port)", requestTimeout: .seconds(5)),
                logger: Logger(label: "test.solver")
            )
            #expect(solver.challengeType == "http-01")
            let challenge = task()
            try await solver.present(challenge)
            let served = try await fetch("/.well-known/acme-challenge/\(challenge.token)", host: "shop.example", port: port)
            #expect(served.status == 200)
            #expect(served.body == challenge.keyAuthorization)

            try await solver.waitUntilReady(challenge)

            await solver.cleanUp(challenge)
            let withdrawn = try await fetch("/.well-known/acme-challenge/\(challenge.token)", host: "shop.example", port: port)
            #expect(withdrawn.status == 404)
            #expect(responder.tokens.count == 0)
        }
        await client.shutdown()
    }

    @Test("cleaning up one challenge leaves another of the same host served")
    func cleanUpIsPerToken() async throws {
        let client = try makeClient()
        try await withResponder { responder, port in
            let solver = HTTP01Solver(responder: responder, client: client)
            let first = task(token: "first")
            let second = task(token: "second")
            try await solver.present(first)
            try await solver.present(second)
            await solver.cleanUp(first)
            #expect(try await fetch("/.well-known/acme-challenge/first", host: "shop.example", port: port).status == 404)
            #expect(try await fetch("/.well-known/acme-challenge/second", host: "shop.example", port: port).body == second.keyAuthorization)
        }
        await client.shutdown()
    }

    @Test("an IP identifier is served for a bracketed IPv6 Host")
    func ipIdentifier() async throws {
        let client = try makeClient()
        try await withResponder { responder, port in
            let solver = HTTP01Solver(responder: responder, client: client)
            let challenge = task(host: "2001:db8::5", token: "v6token")
            #expect(challenge.identifier.type == "ip")
            try await solver.present(challenge)
            let served = try await fetch("/.well-known/acme-challenge/v6token", host: "[2001:db8::5]:\(port)", port: port)
            #expect(served.body == challenge.keyAuthorization)
        }
        await client.shutdown()
    }

    @Test("other challenge types and non-base64url tokens are refused and nothing is served")
    func refusals() async throws {
        let client = try makeClient()
        let tokens = ChallengeTokenStore()
        let solver = HTTP01Solver(tokens: tokens, selfCheck: SelfCheck(instanceID: "x", client: client))
        await #expect {
            try await solver.present(task(type: "dns-01"))
        } throws: { error in
            (error as? SolverError)?.code == .unsupportedChallenge
        }
        await #expect {
            try await solver.present(task(token: "../../etc/passwd"))
        } throws: { error in
            (error as? SolverError)?.code == .invalidToken
        }
        #expect(tokens.count == 0)
        await client.shutdown()
    }

    @Test("a failing self-check surfaces as SolverError.selfCheckFailed naming the host")
    func failingSelfCheck() async throws {
        let client = try makeClient()
        try await withResponder(instanceID: "AnotherReplicaId") { _, port in
            let solver = HTTP01Solver(
                tokens: ChallengeTokenStore(),
                selfCheck: SelfCheck(
                    instanceID: "OurOwnInstanceId",
                    configuration: .init(address: "127.0.0.1:\(port)", backoff: ExponentialBackoff(maxElapsedTime: .zero)),
                    client: client
                )
            )
            await #expect {
                try await solver.waitUntilReady(task())
            } throws: { error in
                guard let error = error as? SolverError else { return false }
                return error.code == .selfCheckFailed && error.host == "shop.example" && error.reason.contains("AnotherReplicaId")
            }
        }
        await client.shutdown()
    }
}
