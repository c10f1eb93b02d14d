import Foundation
@testable import KubeLegoACME
import KubeLegoPebble
import KubeLegoTLS
import KubeLegoTestKit
import Logging
import Testing

/// Runs `body` against a fresh Pebble and stops everything afterwards, also when `body` throws.
func withPebble(_ behaviour: TestHTTP01Solver.Behaviour = .init(), configure: (inout PebbleOptions) -> Void = { _ in },
                _ body: (PebbleHarness) async throws -> Void) async throws {
    let harness = try await PebbleHarness.start(behaviour, configure)
    do {
        try await body(harness)
    } catch {
        await harness.stop()
        throw error
    }
    await harness.stop()
}

@Suite("Issuance against real Pebble", .serialized, .timeLimit(.minutes(3)))
struct PebbleIssuanceTests {
    @Test("one host, EC key: the chain verifies against roots/0 and names exactly that host")
    func oneHost() async throws {
        try await withPebble { pebble in
            let (issued, key) = try await pebble.issue(["one.example.com"], keyType: .ec256)
            #expect(issued.chain.leaf.dnsNames == ["one.example.com"])
            #expect(key.matches(issued.chain.leaf))
            #expect(issued.chainPEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
            #expect(issued.chain.certificates.count == 2)
            let (status, output) = try opensslVerify(chain: issued.chain, rootPEM: try await pebble.pebble.rootPEM(0))
            #expect(status == 0, "openssl verify: \(output)")
            #expect(issued.orderURL.hasPrefix("https://127.0.0.1:"))
            #expect(issued.requestCount >= 7)
            let record = pebble.solver.snapshot
            #expect(record.presented.map(\.identifier.value) == ["one.example.com"])
            #expect(record.cleanedUp == record.presented)
            #expect(record.requests >= 1, "Pebble's validator fetched the token")
        }
    }

    @Test("three hosts, RSA key: one certificate with exactly the three names; every challenge cleaned up")
    func threeHosts() async throws {
        try await withPebble { pebble in
            let names = ["a.example.com", "b.example.com", "c.example.com"]
            let (issued, key) = try await pebble.issue(names, keyType: .rsa2048)
            #expect(issued.chain.leaf.dnsNames.sorted() == names)
            #expect(key.matches(issued.chain.leaf))
            let (status, output) = try opensslVerify(chain: issued.chain, rootPEM: try await pebble.pebble.rootPEM(0))
            #expect(status == 0, "openssl verify: \(output)")
            let record = pebble.solver.snapshot
            #expect(Set(record.presented.map(\.identifier.value)) == Set(names))
            #expect(Set(record.cleanedUp) == Set(record.presented))
            for task in record.presented {
                #expect(task.keyAuthorization.hasPrefix(task.token + "."))
                #expect(task.challengeType == "http-01")
            }
        }
    }

    @Test("a DNS name and an IP address (RFC 8738) in one certificate")
    func ipIdentifier() async throws {
        try await withPebble { pebble in
            let (issued, _) = try await pebble.issue(["ip.example.com", "127.0.0.1"])
            #expect(issued.chain.leaf.dnsNames == ["ip.example.com"])
            #expect(issued.chain.leaf.ipAddresses == ["127.0.0.1"])
            #expect(Set(pebble.solver.snapshot.presented.map(\.identifier)) == [
                ACMEIdentifier(type: "dns", value: "ip.example.com"), ACMEIdentifier(type: "ip", value: "127.0.0.1"),
            ])
        }
    }

    @Test("with half of all nonces rejected the issuance still succeeds")
    func nonceRejection() async throws {
        try await withPebble(configure: { $0.nonceRejectPercent = 50 }) { pebble in
            let (issued, _) = try await pebble.issue(["nonce.example.com"])
            #expect(issued.chain.leaf.dnsNames == ["nonce.example.com"])
        }
    }

    @Test("a reused valid authorization presents no challenge on the second order")
    func authorizationReuse() async throws {
        try await withPebble(configure: { $0.authorizationReusePercent = 100 }) { pebble in
            let account = try await pebble.newAccount()
            _ = try await pebble.issue(["reuse.example.com"], account: account)
            #expect(pebble.solver.snapshot.presented.count == 1)
            let (second, _) = try await pebble.issue(["reuse.example.com"], account: account)
            #expect(second.chain.leaf.dnsNames == ["reuse.example.com"])
            #expect(pebble.solver.snapshot.presented.count == 1)
        }
    }

    @Test("a token that is not served: invalid authorization naming the host and the CA's detail; solver cleaned up")
    func unservedToken() async throws {
        try await withPebble(.init(unserved: .all)) { pebble in
            let error = try await #require(throws: ACMEError.self) {
                _ = try await pebble.issue(["missing.example.com"])
            }
            #expect(error.code == .authorizationInvalid)
            #expect(error.host == "missing.example.com")
            #expect(!error.isRetryable)
            let problem = try #require(error.problem)
            #expect(problem.detail?.contains("404") == true, "CA detail: \(problem)")
            #expect(error.description.contains("missing.example.com"))
            #expect(error.description.contains(problem.detail ?? "?"))
            let record = pebble.solver.snapshot
            #expect(record.presented.count == 1)
            #expect(record.cleanedUp == record.presented)
        }
    }

    @Test("when one host fails, the other's pending authorization is deactivated and both are cleaned up")
    func deactivatesPendingOnFailure() async throws {
        try await withPebble(.init(unserved: .only(["bad.example.com"]), delayed: .only(["slow.example.com"]))) { pebble in
            let logs = CapturingLogHandler.Store()
            let client = ACMEClient(directoryURL: pebble.pebble.directoryURL, httpClient: pebble.http,
                                    logger: Logger(label: "capture") { _ in CapturingLogHandler(store: logs) })
            let account = try await client.createAccount(key: PrivateKey.generate(.ec256), agreeToTermsOfService: true)
            let error = try await #require(throws: ACMEError.self) {
                _ = try await client.issueCertificate(for: [.infer("bad.example.com"), .infer("slow.example.com")],
                                                      certificateKey: PrivateKey.generate(.ec256), account: account,
                                                      solvers: [pebble.solver])
            }
            #expect(error.code == .authorizationInvalid)
            #expect(error.host == "bad.example.com")
            let record = pebble.solver.snapshot
            #expect(Set(record.cleanedUp) == Set(record.presented))
            let slow = try #require(record.presented.first { $0.identifier.value == "slow.example.com" })
            // The client logged which authorizations it deactivated; the CA confirms each one's state.
            let deactivated = logs.values(of: "acme.authorization", where: "authorization deactivated")
            #expect(deactivated.count == 1)
            for url in deactivated {
                let authorization = try await client.fetch(url, account: account).decode(AuthorizationResource.self)
                #expect(authorization.identifier.value == "slow.example.com")
                #expect(authorization.status == .deactivated)
            }
            #expect(slow.challengeType == "http-01")
        }
    }

    @Test("a blocklisted domain is a non-retryable rejectedIdentifier")
    func blocklist() async throws {
        try await withPebble(configure: { $0.domainBlocklist = ["blocked.example.com"] }) { pebble in
            let error = try await #require(throws: ACMEError.self) {
                _ = try await pebble.issue(["www.blocked.example.com"])
            }
            #expect(error.code == .problem)
            #expect(error.problem?.kind == .rejectedIdentifier)
            #expect(!error.isRetryable)
            #expect(pebble.solver.snapshot.presented.isEmpty)
        }
    }

    @Test("EAB required: no binding and a wrong key fail clearly; the right key works")
    func externalAccountBinding() async throws {
        let macKey = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W"
        try await withPebble(configure: {
            $0.externalAccountBindingRequired = true
            $0.externalAccountMACKeys = ["kid-1": macKey]
        }) { pebble in
            let key = try PrivateKey.generate(.ec256)
            let missing = try await #require(throws: ACMEError.self) {
                _ = try await pebble.client.createAccount(key: key, agreeToTermsOfService: true)
            }
            #expect(missing.code == .externalAccountBinding)
            let wrong = try await #require(throws: ACMEError.self) {
                _ = try await pebble.client.createAccount(
                    key: key, agreeToTermsOfService: true,
                    externalAccountBinding: try ExternalAccountBinding(keyID: "kid-1", macKeyBase64URL: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
            }
            #expect(wrong.code == .externalAccountBinding, "\(wrong)")
            #expect(wrong.problem?.kind == .unauthorized, "the CA's reason is kept: \(wrong)")
            #expect(wrong.description.contains("kid-1"))
            #expect(!wrong.description.contains(macKey))
            let account = try await pebble.client.createAccount(
                key: key, agreeToTermsOfService: true,
                externalAccountBinding: try ExternalAccountBinding(keyID: "kid-1", macKeyBase64URL: macKey))
            #expect(account.status == .valid)
            let (issued, _) = try await pebble.issue(["eab.example.com"], account: account)
            #expect(issued.chain.leaf.dnsNames == ["eab.example.com"])
        }
    }

    @Test("with alternate roots, a preferred chain picks the chain up to that root")
    func preferredChain() async throws {
        try await withPebble(configure: { $0.alternateRoots = 2 }) { pebble in
            let alternateRoot = try await pebble.pebble.rootPEM(2)
            let name = try #require(try Certificate(pem: alternateRoot).subjectCommonName)
            let defaultRootName = try Certificate(pem: try await pebble.pebble.rootPEM(0)).subjectCommonName
            #expect(name != defaultRootName)
            let (issued, _) = try await pebble.issue(["chain.example.com"], options: IssuanceOptions(preferredChain: name))
            #expect(issued.chain.certificates.last?.issuerCommonName == name)
            #expect(issued.certificateURL.contains("alternate"))
            let (status, output) = try opensslVerify(chain: issued.chain, rootPEM: alternateRoot)
            #expect(status == 0, "openssl verify: \(output)")
            let (other, _) = try opensslVerify(chain: issued.chain, rootPEM: try await pebble.pebble.rootPEM(0))
            #expect(other != 0, "the alternate chain must not verify against the default root")

            let (fallback, _) = try await pebble.issue(["chain.example.com"], options: IssuanceOptions(preferredChain: "No Such Root"))
            #expect(fallback.chain.certificates.last?.issuerCommonName == defaultRootName)
        }
    }

    @Test("revocation by the account, then by the certificate key is refused as already revoked")
    func revocation() async throws {
        try await withPebble { pebble in
            let account = try await pebble.newAccount()
            let (issued, key) = try await pebble.issue(["revoke.example.com"], account: account)
            let serial = issued.chain.leaf.serialNumberHex
            #expect(try await pebble.management("cert-status-by-serial/\(serial)").1.contains("Valid"))
            try await pebble.client.revoke(issued.chain.leaf, reason: .superseded, signer: .account(account))
            #expect(try await pebble.management("cert-status-by-serial/\(serial)").1.contains("Revoked"))
            let again = try await #require(throws: ACMEError.self) {
                try await pebble.client.revoke(issued.chain.leaf, signer: .certificateKey(key))
            }
            #expect(again.problem?.kind == .alreadyRevoked)
        }
    }

    @Test("accounts: found by key, unknown keys are not found, contacts update")
    func accounts() async throws {
        try await withPebble { pebble in
            let account = try await pebble.newAccount(contact: ["mailto:one@example.com"])
            let found = try await pebble.client.findAccount(key: account.key)
            #expect(found.url == account.url)
            let again = try await pebble.client.createAccount(key: account.key, agreeToTermsOfService: true)
            #expect(again.url == account.url)
            let unknown = try await #require(throws: ACMEError.self) {
                _ = try await pebble.client.findAccount(key: try PrivateKey.generate(.ec256))
            }
            #expect(unknown.code == .accountNotFound)
            let updated = try await pebble.client.updateAccount(account, contact: ["mailto:two@example.com"])
            #expect(updated.contact == ["mailto:two@example.com"])
        }
    }

    @Test("without ARI in the directory renewalInfo is nil and replaces is dropped; unknown profiles are refused")
    func ariAndProfiles() async throws {
        try await withPebble { pebble in
            let (issued, _) = try await pebble.issue(["ari.example.com"])
            #expect(try await pebble.client.directory().renewalInfo == nil)
            #expect(try await pebble.client.renewalInfo(for: issued.chain.leaf) == nil)
            let replaces = try ACMEClient.renewalIdentifier(for: issued.chain.leaf)
            let (renewed, _) = try await pebble.issue(["ari.example.com"], options: IssuanceOptions(replaces: replaces))
            #expect(renewed.chain.leaf.dnsNames == ["ari.example.com"])
            let error = try await #require(throws: ACMEError.self) {
                _ = try await pebble.issue(["ari.example.com"], options: IssuanceOptions(profile: "shortlived"))
            }
            #expect(error.code == .unsupported)
        }
    }

    @Test("cancelling an issuance mid-validation still cleans up the presented challenge")
    func cancellation() async throws {
        try await withPebble(.init(delayed: .all)) { pebble in
            let account = try await pebble.newAccount()
            let task = Task { try await pebble.issue(["cancel.example.com"], account: account) }
            let deadline = ContinuousClock.now + .seconds(20)
            while pebble.solver.snapshot.presented.isEmpty && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            task.cancel()
            let result = await task.result
            guard case .failure(let error) = result, let acmeError = error as? ACMEError else {
                Issue.record("expected an ACMEError, got \(result)")
                return
            }
            #expect(acmeError.code == .cancelled)
            let record = pebble.solver.snapshot
            #expect(record.presented.count == 1)
            #expect(record.cleanedUp == record.presented)
        }
    }
}
