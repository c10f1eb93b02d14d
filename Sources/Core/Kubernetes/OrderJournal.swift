public import KubeLegoKube
public import Logging

/// The orders kube-lego has in flight, kept durably so that a restart (even `kill -9`) costs no order: the next
/// run finds the order URL and the certificate key, and finishes the order the CA still holds instead of
/// placing a new one.
///
/// One Secret, `LEGO_NAMESPACE/kube-lego-orders` (managed label), holds one data key per certificate Secret
/// ("<namespace>.<name>", as the back-off ledger names them) with JSON `{namespace, name, hosts, orderURL, key}`.
/// The key is a private key: it lives only in a Secret, never in a ConfigMap, a log line or an error. Writes
/// change only their own keys, at the resourceVersion of the cached copy, and concurrent writes share one request
/// (`OrderJournalStore`).
public struct OrderJournal: Sendable {
    /// Name of the Secret holding the journal.
    public static let secretName = "kube-lego-orders"

    private let kube: KubeClient
    private let logger: Logger
    /// The cached Secret and the group-committed writes; shared by every copy of this journal.
    private let store: OrderJournalStore
    /// Whether `entry(for:)` may answer from the cached copy.
    private let soleWriter: Bool

    /// Makes a journal in `namespace` (LEGO_NAMESPACE) written through `kube`, reading the Secret afresh for
    /// every look-up (for observers: `kube-lego status`, tests).
    public init(kube: KubeClient, namespace: String, logger: Logger) {
        self.init(kube: kube, namespace: namespace, logger: logger, soleWriter: false)
    }

    /// Makes a journal; with `soleWriter` (the controller's, `ControllerEnvironment.journal`: only the leader
    /// writes the journal, and it reads it afresh when it starts leading) `entry(for:)` answers from the copy it
    /// last read or wrote. Copies share one cache and one queue of writes.
    init(kube: KubeClient, namespace: String, logger: Logger, soleWriter: Bool) {
        self.kube = kube
        self.logger = logger
        self.store = OrderJournalStore(kube: kube, namespace: namespace, logger: logger)
        self.soleWriter = soleWriter
    }

    /// The in-flight order for `secret`, if one is journaled; an unreadable entry counts as none.
    public func entry(for secret: ObjectReference) async throws(CoreError) -> OrderJournalEntry? {
        let data = try await store.data(fresh: !soleWriter)
        guard let bytes = data[AttemptRecord.key(for: secret)] else { return nil }
        guard let entry = OrderJournalEntry.decode(bytes) else {
            logger.warning("ignoring an unreadable order journal entry", metadata: ["secret": "\(secret)"])
            return nil
        }
        return entry
    }

    /// Every journaled order (for start-up, the periodic check and tests), read afresh from the API server after
    /// any deferred change is written.
    public func entries() async throws(CoreError) -> [OrderJournalEntry] {
        try await store.data(fresh: true).values.compactMap(OrderJournalEntry.decode)
    }

    /// Writes `entry`, replacing any earlier one for the same certificate Secret; returns once it is stored.
    public func record(_ entry: OrderJournalEntry) async throws(CoreError) {
        try await store.change(AttemptRecord.key(for: entry.secret), to: entry.encoded())
        logger.debug("order journaled", metadata: ["secret": "\(entry.secret)", "acme.order": "\(entry.orderURL ?? "none yet")"])
    }

    /// Forgets the entry for `secret` (its certificate is stored, or its order is dead); failures are logged:
    /// a stale entry costs one order look-up later, never a wrong certificate.
    public func remove(_ secret: ObjectReference) async {
        do {
            try await store.change(AttemptRecord.key(for: secret), to: nil)
        } catch {
            logger.warning("could not remove an order journal entry", metadata: ["secret": "\(secret)", "error": "\(error)"])
        }
    }

    /// Forgets the entry for `secret` whose certificate is stored (group-committed with concurrent journal
    /// writes). Should the process stop first, `pruneStored` removes the entry at the next start, since the
    /// certificate Secret holds the entry's key.
    public func removeStored(_ secret: ObjectReference) async {
        // Awaited, not deferred: a stop right after the Secret is stored must not leave the entry behind, where
        // `kube-lego status` would show the certificate as still being issued.
        try? await store.change(AttemptRecord.key(for: secret), to: nil)
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
}
