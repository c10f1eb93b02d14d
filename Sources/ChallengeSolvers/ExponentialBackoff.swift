#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoHTTP

/// How the self-check spaces its attempts: the original's `LEGO_EXPONENTIAL_BACKOFF_*` settings, with its
/// library's fixed 60 s cap per wait and ±50 % jitter.
///
/// Wait `n` (0-based) is `initialInterval × multiplierⁿ`, capped at `maxInterval`, then spread uniformly over
/// `[1 − randomizationFactor, 1 + randomizationFactor]` of itself. No wait is started that would end after
/// `maxElapsedTime` since the first attempt; then the caller gives up.
public struct ExponentialBackoff: Sendable, Hashable {
    /// The first wait (`LEGO_EXPONENTIAL_BACKOFF_INITIAL_INTERVAL`, 30 s).
    public var initialInterval: Duration
    /// Growth per wait (`LEGO_EXPONENTIAL_BACKOFF_MULTIPLIER`, 2.0).
    public var multiplier: Double
    /// The longest single wait before jitter (60 s, as the original's back-off library had it).
    public var maxInterval: Duration
    /// The whole budget (`LEGO_EXPONENTIAL_BACKOFF_MAX_ELAPSED_TIME`, 5 min).
    public var maxElapsedTime: Duration
    /// Jitter as a fraction of each wait, 0...1 (0.5; 0 gives exact, testable waits).
    public var randomizationFactor: Double

    /// Makes a policy; the defaults are the original's.
    public init(
        initialInterval: Duration = .seconds(30),
        multiplier: Double = 2.0,
        maxInterval: Duration = .seconds(60),
        maxElapsedTime: Duration = .seconds(300),
        randomizationFactor: Double = 0.5
    ) {
        self.initialInterval = initialInterval
        self.multiplier = multiplier
        self.maxInterval = maxInterval
        self.maxElapsedTime = maxElapsedTime
        self.randomizationFactor = randomizationFactor
    }

    /// The wait before retry `retry` (0-based) without jitter.
    public func interval(beforeRetry retry: Int) -> Duration {
        let growth = pow(max(multiplier, 0), retry)
        let seconds = min(initialInterval.seconds * growth, maxInterval.seconds)
        return .seconds(min(max(seconds, 0), 1e9))
    }

    /// The wait before retry `retry`, jittered by `sample` (uniform in 0..<1), or nil when waiting that long
    /// would pass `maxElapsedTime` given `elapsed` since the first attempt.
    public func delay(beforeRetry retry: Int, elapsed: Duration, sample: Double) -> Duration? {
        let base = interval(beforeRetry: retry).seconds
        let factor = min(max(randomizationFactor, 0), 1)
        let jittered = base * (1 - factor + 2 * factor * min(max(sample, 0), 1))
        let delay = Duration.seconds(jittered)
        return elapsed + delay > maxElapsedTime ? nil : delay
    }

    private func pow(_ base: Double, _ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<max(exponent, 0) {
            result *= base
            if result.isInfinite { break }
        }
        return result
    }
}
