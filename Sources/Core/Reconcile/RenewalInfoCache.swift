#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the CA last said about the renewal of each certificate (ARI), by ARI identifier, until it may be asked
/// again. Pure and bounded: the reconciler keeps one behind a lock.
struct RenewalInfoCache: Sendable {
    /// One certificate's answer: its window, or nil when asking failed (the minimum-validity rule applies).
    struct Entry: Sendable, Equatable {
        var window: RenewalWindow?
        /// Not asked again before this.
        var refreshAt: Date
    }

    /// A Retry-After shorter than this is taken as this, and one longer than `longestWait` as that, as RFC 9773
    /// §4.3.1 suggests (one minute, one day).
    static let shortestWait: TimeInterval = 60
    /// See `shortestWait`.
    static let longestWait: TimeInterval = 86_400
    /// How long an answer without Retry-After is kept (Let's Encrypt's own Retry-After).
    static let defaultWait: TimeInterval = 6 * 3600
    /// How long a failed fetch (no Retry-After) waits before the CA is asked again.
    static let failureWait: TimeInterval = 3600

    /// The most certificates remembered; past it expired entries go first, then those due soonest.
    let capacity: Int
    private(set) var entries: [String: Entry] = [:]

    init(capacity: Int = 10_000) {
        self.capacity = max(capacity, 1)
    }

    /// The remembered answer for `identifier`, unless it is due for a refresh at `now`.
    func lookup(_ identifier: String, now: Date) -> Entry? {
        guard let entry = entries[identifier], entry.refreshAt > now else { return nil }
        return entry
    }

    /// Remembers `window` (nil: the fetch failed) for `identifier` until `refreshAt`.
    mutating func store(_ window: RenewalWindow?, for identifier: String, refreshAt: Date, now: Date) {
        if entries[identifier] == nil && entries.count >= capacity {
            entries = entries.filter { $0.value.refreshAt > now }
            while entries.count >= capacity, let soonest = entries.min(by: { $0.value.refreshAt < $1.value.refreshAt }) {
                entries[soonest.key] = nil
            }
        }
        entries[identifier] = Entry(window: window, refreshAt: refreshAt)
    }

    /// When to ask again after an answer at `now` carrying `retryAfter` (or none: `fallback` seconds later),
    /// clamped to [`shortestWait`, `longestWait`].
    static func refreshTime(retryAfter: Date?, now: Date, fallback: TimeInterval) -> Date {
        let wait = retryAfter.map { $0.timeIntervalSince(now) } ?? fallback
        return now.addingTimeInterval(min(max(wait, shortestWait), longestWait))
    }
}
