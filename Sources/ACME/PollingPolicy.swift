#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import KubeLegoHTTP

/// How long to wait between polls of a pending authorization or a processing order.
///
/// Without `Retry-After` the wait grows from `initial` by `multiplier` up to `maximum`; a `Retry-After` from the
/// CA wins (capped by `maximumRetryAfter`). Never waits past the deadline.
public struct PollingPolicy: Sendable, Equatable {
    /// The first wait when the CA gave no `Retry-After`.
    public var initial: Duration
    /// The growth factor per attempt when the CA gave no `Retry-After`.
    public var multiplier: Double
    /// The longest wait chosen without a `Retry-After`.
    public var maximum: Duration
    /// The longest `Retry-After` honoured as given; longer ones are shortened to this.
    public var maximumRetryAfter: Duration

    /// Makes a policy. The defaults poll a fast CA (Pebble, Boulder) quickly without hammering a slow one.
    public init(initial: Duration = .milliseconds(50), multiplier: Double = 2, maximum: Duration = .seconds(3),
                maximumRetryAfter: Duration = .seconds(60)) {
        self.initial = initial
        self.multiplier = multiplier
        self.maximum = maximum
        self.maximumRetryAfter = maximumRetryAfter
    }

    /// The wait before poll number `attempt` (0-based), or nil when the deadline has passed.
    /// `retryAfter` is the moment the CA named, `now` the current wall time, `remaining` the time left.
    public func delay(attempt: Int, retryAfter: Date?, now: Date, remaining: Duration) -> Duration? {
        guard remaining > .zero else { return nil }
        var wait: Duration
        if let retryAfter {
            // Clamped in Double space first: a Retry-After far in the future (or a wild clock) cannot trap.
            let milliseconds = (retryAfter.timeIntervalSince(now) * 1000).rounded(.up)
            wait = Duration(saturatingSeconds: milliseconds / 1000, in: .zero ... max(.zero, maximumRetryAfter))
        } else {
            var factor = 1.0
            for _ in 0..<max(attempt, 0) where factor < 1e6 { factor *= max(multiplier, 1) }
            let scaled = initial * min(factor, 1e6)
            wait = min(scaled, maximum)
        }
        return min(wait, remaining)
    }
}
