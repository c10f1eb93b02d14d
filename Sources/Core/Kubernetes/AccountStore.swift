public import KubeLegoACME
public import KubeLegoKube
import KubeLegoTLS
public import Logging

/// The ACME account kube-lego orders with, kept in Secret `LEGO_NAMESPACE/LEGO_SECRET_NAME`.
///
/// The Secret uses the original kube-lego's keys (`tls.key`, `acme-registration-url`) plus the directory the
/// account belongs to (`acme-directory-url`), so the original's Secrets load unchanged (their PKCS#1 RSA keys
/// included). When `LEGO_URL` names another directory than the one stored, the same key is looked up there
/// (`onlyReturnExisting`) or registered there, and the Secret is rewritten for the new directory; switching back
/// later recovers the old account by key the same way. A Secret whose key cannot be read is reported as
/// `.account` and never replaced by a new account.
public actor AccountStore {
    private let kube: KubeClient
    private let acme: ACMEClient
    private let configuration: Configuration
    private let logger: Logger
    private var cached: ACMEAccount?
    private var loading = false
    private var waiters: [CheckedContinuation<Result<ACMEAccount, CoreError>, Never>] = []
    /// A key registered at the CA whose Secret could not be written yet: the next attempt reuses it, so a failed
    /// write does not leave one orphaned account per attempt.
    private var unsavedKey: PrivateKey?

    /// Makes a store reading and writing the account Secret through `kube`, registering through `acme`.
    public init(kube: KubeClient, acme: ACMEClient, configuration: Configuration, logger: Logger) {
        self.kube = kube
        self.acme = acme
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "account.secret"] = "\(configuration.namespace)/\(configuration.accountSecretName)"
        self.logger = logger
    }

    /// The account, loaded (or created) on first use and cached; concurrent callers share one load. A failed
    /// load is not cached: the next call tries again.
    public func account() async throws(CoreError) -> ACMEAccount {
        if let cached { return cached }
        if loading {
            let result = await withCheckedContinuation { waiters.append($0) }
            return try result.get()
        }
        loading = true
        let result: Result<ACMEAccount, CoreError>
        do {
            result = .success(try await load())
        } catch {
            result = .failure(error)
        }
        loading = false
        if case .success(let account) = result { cached = account }
        let waiting = waiters
        waiters = []
        for waiter in waiting { waiter.resume(returning: result) }
        return try result.get()
    }

    /// The contact list kube-lego registers: `mailto:<LEGO_EMAIL>`.
    private var contact: [String] { ["mailto:\(configuration.email)"] }

    /// Reads the Secret and brings the account in line with `LEGO_URL` and `LEGO_EMAIL`.
    private func load() async throws(CoreError) -> ACMEAccount {
        let stored: Secret?
        do {
            stored = try await kube.get(Secret.self, namespace: configuration.namespace, name: configuration.accountSecretName)
        } catch where error.code == .notFound {
            stored = nil
        } catch {
            throw CoreError(.kubernetes, "could not read the account Secret: \(error)", subject: secretSubject)
        }
        guard let stored, !stored.data.keys.isEmpty else { return try await register() }
        let contents = try AccountSecretContents(stored, subject: secretSubject)
        var account: ACMEAccount
        if let url = contents.url, contents.directory == configuration.acmeDirectoryURL,
            let verified = try await verify(ACMEAccount(url: url, key: contents.key))
        {
            account = verified
        } else {
            account = try await findOrCreate(key: contents.key)
            if account.contact != contact {
                account = try await call("could not update the account's contact") { () async throws(ACMEError) in
                    try await acme.updateAccount(account, contact: contact)
                }
                logger.info("updated the ACME account's contact", metadata: ["acme.account": "\(account.url)"])
            }
            try await save(url: account.url, keyPEM: stored.data[Markers.accountKeyKey] ?? [])
            logger.notice(
                "bound the account Secret to the ACME directory",
                metadata: ["acme.account": "\(account.url)", "acme.directory": "\(configuration.acmeDirectoryURL)",
                           "acme.previous_directory": "\(contents.directory ?? "none")"])
        }
        guard account.status == .valid else {
            throw CoreError(.account, "the ACME account \(account.url) is \(account.status.rawValue)", subject: secretSubject)
        }
        return account
    }

    /// Checks the stored account at the CA and sets the contact in the same request (the CA answers with the
    /// account's state). Nil when the CA no longer knows the account (a test CA restarted, or a CA that purged
    /// it): the caller then registers the same key again, which needs no new Secret.
    private func verify(_ stored: ACMEAccount) async throws(CoreError) -> ACMEAccount? {
        do {
            return try await acme.updateAccount(stored, contact: contact)
        } catch where error.problem?.kind == .accountDoesNotExist {
            logger.warning("the CA no longer knows the stored account; registering its key again", metadata: ["acme.account": "\(stored.url)"])
            return nil
        } catch {
            throw CoreError(.account, "could not verify the stored account \(stored.url): \(error)", subject: secretSubject)
        }
    }

    /// No usable Secret: a new P-256 key, a new account, and the Secret written (created, or the empty one filled).
    private func register() async throws(CoreError) -> ACMEAccount {
        let key: PrivateKey
        if let unsavedKey {
            key = unsavedKey
        } else {
            do {
                key = try PrivateKey.generate(.ec256)
            } catch {
                throw CoreError(.account, "could not generate an account key: \(error.reason)", subject: secretSubject)
            }
            unsavedKey = key
        }
        let account = try await create(key: key)
        let keyPEM: String
        do {
            keyPEM = try key.pemPKCS8()
        } catch {
            throw CoreError(.account, "could not encode the account key", subject: secretSubject)
        }
        try await save(url: account.url, keyPEM: Array(keyPEM.utf8))
        unsavedKey = nil
        logger.notice("created an ACME account", metadata: ["acme.account": "\(account.url)"])
        return account
    }

    /// The account for `key` at the current directory, registered there when the CA has none.
    private func findOrCreate(key: PrivateKey) async throws(CoreError) -> ACMEAccount {
        do {
            return try await acme.findAccount(key: key)
        } catch where error.code == .accountNotFound {
            return try await create(key: key)
        } catch {
            throw CoreError(.account, "could not look the account key up at \(configuration.acmeDirectoryURL): \(error)", subject: secretSubject)
        }
    }

    /// newAccount with the contact, terms agreed, and the external account binding when configured.
    private func create(key: PrivateKey) async throws(CoreError) -> ACMEAccount {
        let binding: ExternalAccountBinding?
        if let setting = configuration.externalAccountBinding {
            do {
                binding = try ExternalAccountBinding(keyID: setting.keyID, macKeyBase64URL: Base64URL.encode(setting.hmacKey))
            } catch {
                throw CoreError(.account, "invalid external account binding: \(error)", subject: secretSubject)
            }
        } else {
            binding = nil
        }
        return try await call("could not register an account at \(configuration.acmeDirectoryURL)") { () async throws(ACMEError) in
            try await acme.createAccount(key: key, contact: contact, agreeToTermsOfService: true, externalAccountBinding: binding)
        }
    }

    /// Creates or updates the account Secret with `url`, the current directory and `keyPEM` (other keys, labels
    /// and annotations kept), re-reading on conflicts. Refuses when the Secret meanwhile holds another key.
    private func save(url: String, keyPEM: [UInt8]) async throws(CoreError) {
        let name = configuration.accountSecretName, namespace = configuration.namespace
        let directory = configuration.acmeDirectoryURL
        var otherKey = false
        do {
            try await kube.createOrUpdate(Secret.self, namespace: namespace, name: name) { existing in
                otherKey = false
                if let storedKey = existing?.data[Markers.accountKeyKey], !storedKey.isEmpty, storedKey != keyPEM {
                    otherKey = true
                    return nil
                }
                var secret = existing ?? Secret(name: name, namespace: namespace)
                AccountSecretContents.fill(&secret, url: url, directory: directory, keyPEM: String(decoding: keyPEM, as: UTF8.self))
                return secret
            }
        } catch {
            throw CoreError(.kubernetes, "could not write the account Secret: \(error)", subject: secretSubject)
        }
        if otherKey {
            throw CoreError(.account, "the account Secret was given another key while being written; not overwriting it", subject: secretSubject)
        }
    }

    /// Runs an ACME call, mapping its error to `.account` with `context`.
    private func call<T>(_ context: String, _ body: () async throws(ACMEError) -> T) async throws(CoreError) -> T {
        do {
            return try await body()
        } catch {
            throw CoreError(.account, "\(context): \(error)", subject: secretSubject)
        }
    }

    private var secretSubject: String { "Secret \(configuration.namespace)/\(configuration.accountSecretName)" }
}
