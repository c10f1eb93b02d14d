import Foundation
import KubeLegoACME
import KubeLegoCore
import KubeLegoHTTP
import KubeLegoKube
import KubeLegoPebble
import KubeLegoSandbox
import KubeLegoTLS
import Testing

/// A sandbox and a real Pebble; `client()` makes a fresh ACME client (its own request counter) for Pebble.
struct AccountHarness {
    let kube: KubeClient
    let pebble: PebbleServer
    let http: HTTPClient
    let configuration: Configuration

    static func run(
        environment: [String: String] = [:], pebble configure: (inout PebbleOptions) -> Void = { _ in },
        _ body: (AccountHarness) async throws -> Void
    ) async throws {
        var options = PebbleOptions(httpPort: 5002)
        configure(&options)
        let pebble = try await PebbleServer.start(options: options, logger: quietLogger)
        defer { pebble.stop() }
        var settings = HTTPClientConfiguration()
        settings.trust = .pem(pebble.listenerCAPEM, replacingSystem: true)
        settings.useEnvironmentProxy = false
        let http = try HTTPClient(configuration: settings)
        do {
            try await withSandbox { _, kube in
                let configuration = try testConfiguration(environment.merging(["LEGO_URL": pebble.directoryURL]) { $1 })
                try await body(AccountHarness(kube: kube, pebble: pebble, http: http, configuration: configuration))
            }
        } catch {
            await http.shutdown()
            throw error
        }
        await http.shutdown()
    }

    func client() -> ACMEClient { ACMEClient(directoryURL: pebble.directoryURL, httpClient: http, logger: quietLogger) }

    func store(_ acme: ACMEClient? = nil) -> AccountStore {
        AccountStore(kube: kube, acme: acme ?? client(), configuration: configuration, logger: quietLogger)
    }

    func accountSecret() async throws -> Secret {
        try await kube.get(Secret.self, namespace: "kube-lego", name: "kube-lego-account")
    }

    func writeAccountSecret(_ data: [String: String]) async throws {
        _ = try await kube.create(makeSecret("kube-lego-account", namespace: "kube-lego", type: "Opaque", data: data))
    }
}

@Suite("AccountStore")
struct AccountStoreTests {
    @Test("no Secret: a new P-256 account with the contact, stored as tls.key + URL + directory with the label")
    func newAccount() async throws {
        try await AccountHarness.run { harness in
            let account = try await harness.store().account()
            #expect(account.contact == ["mailto:ops@example.com"])
            #expect(account.key.jwsAlgorithm == "ES256")
            let secret = try await harness.accountSecret()
            #expect(secret.type == "Opaque")
            #expect(secret.metadata.labels["app.kubernetes.io/managed-by"] == "kube-lego")
            #expect(text(secret, "acme-registration-url") == account.url)
            #expect(text(secret, "acme-directory-url") == harness.pebble.directoryURL)
            let key = try PrivateKey(pem: try #require(text(secret, "tls.key")))
            #expect(key.publicJWK == account.key.publicJWK)
        }
    }

    @Test("a restart reloads the account from the Secret: same key and URL, nothing rewritten, no new account")
    func reload() async throws {
        try await AccountHarness.run { harness in
            let first = try await harness.store().account()
            let stored = try await harness.accountSecret()
            let again = try await harness.store().account()
            #expect(again.url == first.url)
            #expect(again.key.publicJWK == first.key.publicJWK)
            let after = try await harness.accountSecret()
            #expect(after.metadata.resourceVersion == stored.metadata.resourceVersion)
        }
    }

    @Test("the original's format (PKCS#1 RSA key and acme-registration-url, no directory) is adopted, contact fixed")
    func originalFormat() async throws {
        try await AccountHarness.run { harness in
            let key = try PrivateKey.generate(.rsa2048)
            let keyPEM = try key.pemTraditional()
            #expect(keyPEM.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
            let original = try await harness.client().createAccount(key: key, contact: ["mailto:old@example.com"], agreeToTermsOfService: true)
            try await harness.writeAccountSecret(["tls.key": keyPEM, "acme-registration-url": original.url])
            let account = try await harness.store().account()
            #expect(account.url == original.url)
            #expect(account.contact == ["mailto:ops@example.com"])
            let secret = try await harness.accountSecret()
            #expect(text(secret, "tls.key") == keyPEM)
            #expect(text(secret, "acme-directory-url") == harness.pebble.directoryURL)
            #expect(text(secret, "acme-registration-url") == original.url)
        }
    }

    @Test("a Secret with the key but no URL recovers the account by key")
    func missingURL() async throws {
        try await AccountHarness.run { harness in
            let key = try PrivateKey.generate(.ec256)
            let original = try await harness.client().createAccount(key: key, contact: ["mailto:ops@example.com"], agreeToTermsOfService: true)
            try await harness.writeAccountSecret(["tls.key": try key.pemPKCS8()])
            let account = try await harness.store().account()
            #expect(account.url == original.url)
            #expect(text(try await harness.accountSecret(), "acme-registration-url") == original.url)
        }
    }

    @Test("a corrupt key is reported naming the Secret, every time, and no account is made or stored")
    func corruptKey() async throws {
        try await AccountHarness.run { harness in
            try await harness.writeAccountSecret(["tls.key": "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n", "acme-registration-url": "https://x/acct/1"])
            let before = try await harness.accountSecret()
            let acme = harness.client()
            let store = harness.store(acme)
            for _ in 0..<2 {
                let error = await #expect(throws: CoreError.self) { _ = try await store.account() }
                #expect(error?.code == .account)
                #expect(error?.subject == "Secret kube-lego/kube-lego-account")
                #expect(error?.reason.contains("AAAA") == false)
            }
            #expect(acme.requestCount == 0)
            #expect(try await harness.accountSecret() == before)
        }
    }

    @Test("a Secret bound to another directory is re-bound: the key is looked up or registered at LEGO_URL")
    func directoryChange() async throws {
        try await AccountHarness.run { harness in
            let key = try PrivateKey.generate(.ec256)
            try await harness.writeAccountSecret([
                "tls.key": try key.pemPKCS8(), "acme-registration-url": "https://staging.example/acme/acct/7",
                "acme-directory-url": "https://staging.example/directory",
            ])
            let account = try await harness.store().account()
            #expect(account.url.hasPrefix("https://127.0.0.1:"))
            #expect(account.key.publicJWK == key.publicJWK)
            let secret = try await harness.accountSecret()
            #expect(text(secret, "acme-registration-url") == account.url)
            #expect(text(secret, "acme-directory-url") == harness.pebble.directoryURL)
            #expect(try await harness.store().account().url == account.url)
        }
    }

    @Test("a stored account the CA no longer knows (a restarted test CA) is registered again with the same key")
    func vanishedAccount() async throws {
        try await AccountHarness.run { harness in
            let key = try PrivateKey.generate(.ec256)
            let base = harness.pebble.directoryURL.replacingOccurrences(of: "/dir", with: "")
            try await harness.writeAccountSecret([
                "tls.key": try key.pemPKCS8(), "acme-registration-url": "\(base)/my-account/424242",
                "acme-directory-url": harness.pebble.directoryURL,
            ])
            let account = try await harness.store().account()
            #expect(account.url != "\(base)/my-account/424242")
            #expect(account.key.publicJWK == key.publicJWK)
            #expect(text(try await harness.accountSecret(), "acme-registration-url") == account.url)
        }
    }

    @Test("external account binding from LEGO_EAB_*: required by the CA, missing is an error and stores nothing")
    func externalAccountBinding() async throws {
        let macKey = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W"
        let eab: (inout PebbleOptions) -> Void = {
            $0.externalAccountBindingRequired = true
            $0.externalAccountMACKeys = ["kid-1": macKey]
        }
        try await AccountHarness.run(environment: ["LEGO_EAB_KID": "kid-1", "LEGO_EAB_HMAC_KEY": macKey], pebble: eab) { harness in
            let account = try await harness.store().account()
            #expect(account.status == .valid)
        }
        try await AccountHarness.run(pebble: eab) { harness in
            let error = await #expect(throws: CoreError.self) { _ = try await harness.store().account() }
            #expect(error?.code == .account)
            await #expect(throws: KubeError.self) { _ = try await harness.accountSecret() }
        }
    }

    @Test("concurrent callers share one load: one account, one Secret")
    func concurrentCallers() async throws {
        try await AccountHarness.run { harness in
            let acme = harness.client()
            let store = harness.store(acme)
            let urls = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 { group.addTask { try await store.account().url } }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(urls.count == 1)
            // directory, a nonce, one newAccount: a load per caller would make 8 newAccount requests.
            #expect(acme.requestCount <= 3)
            #expect(text(try await harness.accountSecret(), "acme-registration-url") == urls.first)
        }
    }
}
