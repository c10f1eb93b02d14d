#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
public import KubeLegoKube
public import Logging

/// Durable per-certificate back-off: a failing or rate-limited certificate is not ordered again before its time,
/// even across restarts (the original kube-lego forgot and re-ordered at once, issue #92).
///
/// Kept in ConfigMap `LEGO_NAMESPACE/kube-lego-state` (managed label), one data key per certificate
/// ("<namespace>.<secretName>") holding JSON `{namespace, name, failures, nextAttempt, lastError}`. Writes change
/// only their own key, with the resourceVersion just read, and retry on conflict (`KubeClient.createOrUpdate`). A write that keeps failing is
/// logged and the state stays in memory: back-off never fails an issuance.
public actor AttemptLedger {
    /// Name of the ConfigMap holding the state.
    public static let configMapName = "kube-lego-state"
    /// Wait after the first failure (the original's work-queue delay, not the self-check back-off).
    public static let initialDelay: TimeInterval = 600
    /// Factor between consecutive waits.
    public static let multiplier: Double = 2
    /// Longest wait between attempts.
    public static let maximumDelay: TimeInterval = 86_400
    /// How many read-modify-write rounds a write tries before giving up on conflicts.
    static let maxAttempts = 10

    private let kube: KubeClient
    private let namespace: String
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let jitter: @Sendable () -> Double
    private var records: [ObjectReference: AttemptRecord] = [:]

    /// Makes a ledger in `configuration.namespace`. `now` is the clock, `jitter` returns the relative jitter
    /// applied to each wait (default uniformly in ±10%); both are injected for tests.
    public init(
        kube: KubeClient, configuration: Configuration, logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
        jitter: @escaping @Sendable () -> Double = { Double.random(in: -0.1...0.1) }
    ) {
        self.kube = kube
        self.namespace = configuration.namespace
        self.logger = logger
        self.now = now
        self.jitter = jitter
    }

    /// Reads the ConfigMap (absent means no state); call once at start, before planning.
    public func load() async throws(CoreError) {
        let map: ConfigMap
        do {
            map = try await kube.get(ConfigMap.self, namespace: namespace, name: Self.configMapName)
        } catch where error.code == .notFound {
            records = [:]
            return
        } catch {
            throw CoreError(.kubernetes, "could not read the back-off state: \(error)", subject: subject)
        }
        var loaded: [ObjectReference: AttemptRecord] = [:]
        for (key, value) in map.data {
            guard let (secret, record) = AttemptRecord.decode(value) else {
                logger.warning("ignoring an unreadable back-off entry", metadata: ["state.key": "\(key)"])
                continue
            }
            loaded[secret] = record
        }
        records = loaded
        logger.debug("back-off state loaded", metadata: ["state.entries": "\(loaded.count)"])
    }

    /// The earliest time `secret`'s certificate may be ordered again; nil when it may be ordered now.
    public func notBefore(_ secret: ObjectReference) -> Date? {
        guard let record = records[secret], record.nextAttempt > now() else { return nil }
        return record.nextAttempt
    }

    /// Records a failure and returns the next attempt time: `now` + min(10 min × 2^(failures-1), 24 h) ± 10%,
    /// and never earlier than `retryAfter` (the CA's Retry-After).
    public func recordFailure(_ secret: ObjectReference, error: String, retryAfter: Date?, now: Date) async -> Date {
        let failures = (records[secret]?.failures ?? 0) + 1
        let exponent = Double(min(failures - 1, 32))
        let delay = min(Self.initialDelay * pow(Self.multiplier, exponent), Self.maximumDelay) * (1 + jitter())
        var next = now.addingTimeInterval(delay)
        if let retryAfter, retryAfter > next { next = retryAfter }
        records[secret] = AttemptRecord(failures: failures, nextAttempt: next, lastError: error)
        await persist(secret)
        return next
    }

    /// Forgets `secret`'s failures after a successful issuance.
    public func recordSuccess(_ secret: ObjectReference) async {
        guard records.removeValue(forKey: secret) != nil else { return }
        await persist(secret)
    }

    /// Every certificate with back-off state, for metrics and status.
    public func entries() -> [ObjectReference: AttemptRecord] { records }

    /// Writes `secret`'s current in-memory state (or its absence) into the ConfigMap, creating it when missing.
    private func persist(_ secret: ObjectReference) async {
        let key = AttemptRecord.key(for: secret)
        let value = records[secret]?.encoded(for: secret)
        let namespace = namespace
        do {
            try await kube.createOrUpdate(ConfigMap.self, namespace: namespace, name: Self.configMapName, maxAttempts: Self.maxAttempts) { stored in
                guard var map = stored ?? (value == nil ? nil : ConfigMap(name: Self.configMapName, namespace: namespace)) else { return nil }
                guard map.data[key] != value else { return nil }
                map.data[key] = value
                map.metadata.labels[Markers.managedByLabel] = Markers.managedByValue
                return map
            }
        } catch {
            logger.warning("could not store back-off state", metadata: ["state.key": "\(key)", "error": "\(error)"])
        }
    }

    private var subject: String { "ConfigMap \(namespace)/\(Self.configMapName)" }
}
