import KubeLegoACME
import KubeLegoDNS
import KubeLegoTestKit
import KubeLegoTLS
import Logging
import Testing

@Suite("DNS01Solver against a real BIND 9", .serialized, .timeLimit(.minutes(2)))
struct DNS01SolverTests {
    static func task(_ domain: String, token: String = String(repeating: "t", count: 43)) -> ChallengeTask {
        ChallengeTask(identifier: ACMEIdentifier(type: "dns", value: domain), challengeType: "dns-01", token: token,
                      keyAuthorization: token + ".thumbprint", url: "https://ca.test/chall/\(token)")
    }

    static func solver(_ configuration: RFC2136Configuration) throws -> DNS01Solver {
        var logger = Logger(label: "dns01-test")
        logger.logLevel = .notice
        return try DNS01Solver(configuration: configuration, logger: logger)
    }

    @Test("the record value is base64url(SHA-256(key authorization)); the name drops a wildcard's *.")
    func valueAndName() throws {
        #expect(DNS01Solver.recordValue(keyAuthorization: "abc") == Base64URL.encode(Digest.sha256(Array("abc".utf8))))
        #expect(DNS01Solver.recordValue(keyAuthorization: "abc") == "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0")
        #expect(try DNS01Solver.recordName(for: "*.wild.example.test") == DNSName("_acme-challenge.wild.example.test"))
        #expect(try DNS01Solver.recordName(for: "wild.example.test") == DNSName("_acme-challenge.wild.example.test"))
    }

    @Test("a wildcard and its base name: two values on one name outstanding at once, each cleaned up alone")
    func sharedName() async throws {
        try await withBIND { bind in
            let solver = try Self.solver(bind.configuration())
            let wildcard = Self.task("wild.example.test", token: String(repeating: "a", count: 43))
            let base = Self.task("wild.example.test", token: String(repeating: "b", count: 43))
            try await solver.present(wildcard)
            try await solver.present(base)
            try await solver.waitUntilReady(wildcard)
            try await solver.waitUntilReady(base)
            let values = [wildcard, base].map { DNS01Solver.recordValue(keyAuthorization: $0.keyAuthorization) }
            #expect(try await bind.txtValues("_acme-challenge.wild.example.test") == values.sorted())
            await solver.cleanUp(wildcard)
            #expect(try await bind.txtValues("_acme-challenge.wild.example.test") == [values[1]])
            await solver.cleanUp(base)
            #expect(try await bind.txtValues("_acme-challenge.wild.example.test") == [])
        }
    }

    @Test("a CNAME on _acme-challenge puts the record into the delegated zone")
    func delegated() async throws {
        try await withBIND { bind in
            let solver = try Self.solver(bind.configuration())
            let task = Self.task("alias.example.test")
            try await solver.present(task)
            try await solver.waitUntilReady(task)
            let value = DNS01Solver.recordValue(keyAuthorization: task.keyAuthorization)
            #expect(try await bind.txtValues("_acme-challenge.alias.delegated.test") == [value])
            await solver.cleanUp(task)
            #expect(try await bind.txtValues("_acme-challenge.alias.delegated.test") == [])
        }
    }

    @Test("clean-up still deletes the record when its task is already cancelled")
    func cleanUpWhenCancelled() async throws {
        try await withBIND { bind in
            let solver = try Self.solver(bind.configuration())
            let task = Self.task("cancel.example.test")
            try await solver.present(task)
            await withTaskGroup(of: Void.self) { group in
                group.cancelAll()
                group.addTask {
                    #expect(Task.isCancelled)
                    await solver.cleanUp(task)
                }
            }
            #expect(try await bind.txtValues("_acme-challenge.cancel.example.test") == [])
        }
    }

    @Test("a wrong secret makes present throw BADSIG naming the server; nothing is left to clean up")
    func wrongSecret() async throws {
        try await withBIND { bind in
            let solver = try Self.solver(bind.configuration(secret: unknownSecret))
            let task = Self.task("bad.example.test")
            do {
                try await solver.present(task)
                Issue.record("present succeeded")
            } catch let error as DNSError {
                #expect(error.responseCode == .badSig && error.reason.contains(bind.address) && error.reason.contains("BADSIG"), "\(error)")
            }
            await solver.cleanUp(task)
            #expect(try await bind.txtValues("_acme-challenge.bad.example.test") == [])
        }
    }

    @Test("a configured zone is used as is; a name outside it is refused before any update")
    func configuredZone() async throws {
        try await withBIND { bind in
            var configuration = bind.configuration()
            configuration.zone = "delegated.test"
            let solver = try Self.solver(configuration)
            await #expect { try await solver.present(Self.task("x.example.test")) } throws: { ($0 as? DNSError)?.code == .configuration }
            let task = Self.task("alias.example.test")
            try await solver.present(task)
            #expect(try await bind.txtValues("_acme-challenge.alias.delegated.test").count == 1)
            await solver.cleanUp(task)
        }
    }
}
