/// A token bucket: `qps` tokens are added per second up to `burst`; each request takes one.
///
/// Pure state (time is passed in), so the arithmetic is tested without sleeping. A caller that finds the bucket
/// empty still takes its token (the balance goes negative) and is told how long to wait; later callers queue
/// behind it in arrival order.
public struct TokenBucket: Sendable, Equatable {
    /// Tokens added per second; zero or less disables limiting.
    public let qps: Double
    /// The most tokens the bucket holds, i.e. the largest burst allowed after an idle period.
    public let burst: Int
    private var tokens: Double
    private var last: ContinuousClock.Instant

    /// A full bucket at `now`.
    public init(qps: Double, burst: Int, now: ContinuousClock.Instant) {
        self.qps = qps
        self.burst = max(1, burst)
        self.tokens = Double(max(1, burst))
        self.last = now
    }

    /// Takes one token at `now` and returns how long the caller must wait before sending (zero if none).
    public mutating func reserve(now: ContinuousClock.Instant) -> Duration {
        guard qps > 0 else { return .zero }
        if now > last {
            let elapsed = Self.seconds(last.duration(to: now))
            tokens = min(Double(burst), tokens + elapsed * qps)
            last = now
        }
        tokens -= 1
        if tokens >= 0 { return .zero }
        return .nanoseconds(Int64((-tokens / qps * 1e9).rounded(.up)))
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
