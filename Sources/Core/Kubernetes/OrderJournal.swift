public import KubeLegoKube
public import Logging

/// The orders kube-lego has in flight, kept durably so that a restart (even `kill -9`) costs no order: the next
/// run finds the order URL and the certificate key, and finishes the order the CA still holds instead of
/// placing a new one.
///
/// One Secret, `LEGO_NAMESPACE/kube-lego-orders` (managed label), holds one data key per certificate Secret
/// ("<namespace>.<name>", as the back-off ledger names them) with JSON `{namespace, name, hosts, orderURL, key}`.
/// The key is a private key: it lives only in a Secret, never in a ConfigMap, a log line or an error. Writes
/// change only their own key, with the resourceVersion just read (`KubeClient.createOrUpdate`).
public struct OrderJournal: Sendable {
    /// Name of the Secret holding the journal.
    public static let secretName = "kube-lego-orders"

    private let kube: KubeClient
    private let namespace: String
    private let logger: Logger

    /// Makes a journal in `namespace` (LEGO_NAMESPACE) written through `kube`.
    public init(kube: KubeClient, namespace: String, logger: Logger) {
        self.kube = kube
        self.namespace = namespace
        self.logger = logger
    }

    /// The in-flight order for `secret`, if one is journaled; an unreadable entry counts as none.
    public func entry(for secret: ObjectReference) async throws(CoreError) -> OrderJournalEntry? {
        let stored: Secret
        do {
            stored = try await kube.get(Secret.self, namespace: namespace, name: Self.secretName)
        } catch where error.code == .notFound {
            return nil
        } catch {
            throw CoreError(.kubernetes, "could not read the order journal: \(error)", subject: subject)
        }
        guard let bytes = stored.data[AttemptRecord.key(for: secret)] else { return nil }
        guard let entry = OrderJournalEntry.decode(bytes) else {
            logger.warning("ignoring an unreadable order journal entry", metadata: ["secret": "\(secret)"])
            return nil
        }
        return entry
    }

    /// Every journaled order (for start-up reports and tests).
    public func entries() async throws(CoreError) -> [OrderJournalEntry] {
        do {
            let stored = try await kube.get(Secret.self, namespace: namespace, name: Self.secretName)
            return stored.data.keys.compactMap { stored.data[$0].flatMap(OrderJournalEntry.decode) }
        } catch where error.code == .notFound {
            return []
        } catch {
            throw CoreError(.kubernetes, "could not read the order journal: \(error)", subject: subject)
        }
    }

    /// Writes `entry`, replacing any earlier one for the same certificate Secret.
    public func record(_ entry: OrderJournalEntry) async throws(CoreError) {
        try await write(entry.secret, value: entry.encoded())
        logger.debug("order journaled", metadata: ["secret": "\(entry.secret)", "acme.order": "\(entry.orderURL ?? "none yet")"])
    }

    /// Forgets the entry for `secret` (its certificate is stored, or its order is dead); failures are logged:
    /// a stale entry costs one order look-up later, never a wrong certificate.
    public func remove(_ secret: ObjectReference) async {
        do {
            try await write(secret, value: nil)
        } catch {
            logger.warning("could not remove an order journal entry", metadata: ["secret": "\(secret)", "error": "\(error)"])
        }
    }

    /// Removes the entries whose certificate Secret already holds the entry's key: their certificate was stored
    /// but the process stopped before the entry went. Call at start-up; failures only leave entries for later.
    public func pruneStored() async {
        guard let entries = try? await entries() else { return }
        for entry in entries {
            guard let secret = try? await kube.get(Secret.self, namespace: entry.secret.namespace, name: entry.secret.name),
                  let storedKey = secret.data["tls.key"], String(decoding: storedKey, as: UTF8.self) == entry.keyPEM
            else { continue }
            await remove(entry.secret)
        }
    }

    /// Removes the entries for Secrets no served Ingress names any more (the Ingress or its TLS entry was deleted
    /// while its order was in flight), so no order key lingers for a certificate nobody wants. Failures only
    /// leave entries for the next check.
    public func prune(keeping wanted: Set<ObjectReference>) async {
        guard let entries = try? await entries() else { return }
        for entry in entries where !wanted.contains(entry.secret) {
            logger.info("dropping the journaled order of a certificate no Ingress asks for", metadata: [
                "secret": "\(entry.secret)", "acme.order": "\(entry.orderURL ?? "none")",
            ])
            await remove(entry.secret)
        }
    }

    /// Sets (or with nil deletes) the data key of `secret`, creating the Secret when needed.
    private func write(_ secret: ObjectReference, value: [UInt8]?) async throws(CoreError) {
        let key = AttemptRecord.key(for: secret)
        let namespace = namespace
        do {
            try await kube.createOrUpdate(Secret.self, namespace: namespace, name: Self.secretName) { stored in
                guard var journal = stored ?? (value == nil ? nil : Secret(name: Self.secretName, namespace: namespace)) else { return nil }
                guard journal.data[key] != value else { return nil }
                if journal.type == nil { journal.type = "Opaque" }
                journal.data[key] = value
                journal.metadata.labels[Markers.managedByLabel] = Markers.managedByValue
                return journal
            }
        } catch {
            throw CoreError(.kubernetes, "could not write the order journal: \(error)", subject: subject)
        }
    }

    private var subject: String { "Secret \(namespace)/\(Self.secretName)" }
}
