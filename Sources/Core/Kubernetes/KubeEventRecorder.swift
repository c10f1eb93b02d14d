#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import KubeLegoKube
public import Logging

/// An `EventSink` writing core/v1 Events, de-duplicated and rate-limited so a stuck object cannot flood the cluster.
///
/// The same (object, severity, reason, message) within `deduplicationWindow` increments `count` and
/// `lastTimestamp` of the Event already written (a merge patch) instead of creating another, as kubectl shows it
/// ("x5 over 3m"). At most `burst` new Events per object are created per minute; the rest are dropped with a
/// debug log. Events carry `source.component` and `reportingComponent` "kube-lego"; `involvedObject` has no
/// uid or resourceVersion (not known without another read). Failures are logged, never thrown.
public actor KubeEventRecorder: EventSink {
    /// The component name Events are reported by.
    public static let component = "kube-lego"
    /// The longest message written, in UTF-8 bytes (longer ones are cut, as client-go does).
    public static let maxMessageBytes = 1024

    /// What identifies an Event for de-duplication.
    private struct Fingerprint: Hashable {
        var regarding: ObjectReference
        var kind: String
        var severity: ObjectEvent.Severity
        var reason: String
        var message: String
    }

    /// An Event already written: its name, count and when it was last seen.
    private struct Written {
        var name: String
        var count: Int
        var lastSeen: Date
    }

    private let kube: KubeClient
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let burst: Int
    private let deduplicationWindow: TimeInterval
    private var written: [Fingerprint: Written] = [:]
    private var recentCreations: [ObjectReference: [Date]] = [:]
    private var sequence: UInt64 = 0

    /// Makes a recorder writing through `kube`; `now` is the clock (injected for tests), `burst` the number of new
    /// Events per object per minute, `deduplicationWindow` how long a repeated Event counts as the same one.
    public init(
        kube: KubeClient, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }, burst: Int = 10,
        deduplicationWindow: Duration = .seconds(600)
    ) {
        self.kube = kube
        self.logger = logger
        self.now = now
        self.burst = max(1, burst)
        self.deduplicationWindow = TimeInterval(deduplicationWindow.components.seconds)
    }

    /// Records `event`: bumps the matching recent Event, or creates a new one when the object's budget allows.
    public func emit(_ event: ObjectEvent) async {
        let time = now()
        prune(before: time)
        let fingerprint = Fingerprint(
            regarding: event.regarding, kind: event.kind, severity: event.severity, reason: event.reason, message: event.message)
        if var previous = written[fingerprint] {
            previous.count += 1
            previous.lastSeen = time
            written[fingerprint] = previous
            if await bump(previous, namespace: event.regarding.namespace, at: time) { return }
            written[fingerprint] = nil
        }
        let recent = recentCreations[event.regarding, default: []].filter { time.timeIntervalSince($0) < 60 }
        guard recent.count < burst else {
            logger.debug("event dropped: rate limit", metadata: metadata(event))
            return
        }
        recentCreations[event.regarding] = recent + [time]
        sequence &+= 1
        let name = "\(event.regarding.name).\(String(UInt64(time.timeIntervalSince1970 * 1_000_000), radix: 16))\(String(sequence, radix: 16))"
        do {
            // A create retried after a lost answer may find its own Event: that is success (the name is ours).
            try await conflictTolerant { () async throws(KubeError) in
                do throws(KubeError) {
                    _ = try await kube.create(Self.makeEvent(event, name: name, at: time))
                } catch where error.code == .alreadyExists {}
            }
            written[fingerprint] = Written(name: name, count: 1, lastSeen: time)
        } catch {
            logger.warning("could not record an event", metadata: metadata(event).merging(["error": "\(error)"]) { $1 })
        }
    }

    /// Patches `count` and `lastTimestamp` of a written Event; false when it is gone (then a new one is made).
    private func bump(_ written: Written, namespace: String, at time: Date) async -> Bool {
        let patch: JSONValue = ["count": .int(written.count), "lastTimestamp": .string(KubeTime.format(time))]
        do {
            try await conflictTolerant { () async throws(KubeError) in
                _ = try await kube.mergePatch(Event.self, namespace: namespace, name: written.name, patch: patch)
            }
        } catch where error.code == .notFound {
            return false
        } catch {
            logger.warning("could not update an event", metadata: ["event.name": "\(written.name)", "error": "\(error)"])
        }
        return true
    }

    /// Runs `write` again (up to three times) when it meets a 409 Conflict: neither a create of a fresh name nor
    /// a merge patch carries a resourceVersion, so a conflict here is the server's hiccup, not a lost update.
    private func conflictTolerant(_ write: () async throws(KubeError) -> Void) async throws(KubeError) {
        for attempt in 1...3 {
            do {
                return try await write()
            } catch where error.code == .conflict && attempt < 3 {
                continue
            }
        }
    }

    /// Forgets Events older than the de-duplication window and creation times older than a minute.
    private func prune(before time: Date) {
        written = written.filter { time.timeIntervalSince($0.value.lastSeen) < deduplicationWindow }
        recentCreations = recentCreations.compactMapValues { dates in
            let kept = dates.filter { time.timeIntervalSince($0) < 60 }
            return kept.isEmpty ? nil : kept
        }
    }

    /// The core/v1 Event for `event`.
    static func makeEvent(_ event: ObjectEvent, name: String, at time: Date) -> Event {
        var result = Event(name: name, namespace: event.regarding.namespace)
        result.involvedObject = [
            "apiVersion": .string(event.apiVersion), "kind": .string(event.kind),
            "namespace": .string(event.regarding.namespace), "name": .string(event.regarding.name),
        ]
        result.type = event.severity.rawValue
        result.reason = event.reason
        var message = event.message
        while message.utf8.count > maxMessageBytes { message.removeLast() }
        result.message = message
        result.count = 1
        result.firstTimestamp = KubeTime.format(time)
        result.lastTimestamp = KubeTime.format(time)
        result.sourceComponent = component
        result.raw["reportingComponent"] = .string(component)
        return result
    }

    private func metadata(_ event: ObjectEvent) -> Logger.Metadata {
        ["event.object": "\(event.kind) \(event.regarding)", "event.reason": "\(event.reason)"]
    }
}
