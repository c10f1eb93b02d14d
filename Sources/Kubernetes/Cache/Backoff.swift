/// Exponential back-off with jitter for reconnecting watches and retrying lists.
public struct Backoff: Sendable, Hashable {
    /// The delay after the first failure.
    public var initial: Duration
    /// The largest delay.
    public var maximum: Duration
    /// Up to this fraction of the delay is added at random, so many clients do not retry in lock-step.
    public var jitter: Double

    /// Back-off from `initial` doubling up to `maximum`.
    public init(initial: Duration = .milliseconds(200), maximum: Duration = .seconds(30), jitter: Double = 0.2) {
        self.initial = initial
        self.maximum = maximum
        self.jitter = jitter
    }

    /// The delay before retry number `attempt` (1 = after the first failure), jitter drawn from `random`.
    public func delay(attempt: Int, using random: inout some RandomNumberGenerator) -> Duration {
        var delay = initial
        for _ in 1..<max(1, min(attempt, 32)) {
            delay *= 2
            if delay >= maximum { break }
        }
        delay = min(delay, maximum)
        guard jitter > 0 else { return delay }
        return delay + delay * Double.random(in: 0...jitter, using: &random)
    }

    /// The delay before retry number `attempt`, with system randomness.
    public func delay(attempt: Int) -> Duration {
        var random = SystemRandomNumberGenerator()
        return delay(attempt: attempt, using: &random)
    }
}
