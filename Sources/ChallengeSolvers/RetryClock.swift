/// The time source of the self-check's retry loop: real time in production, a recording fake in tests.
public struct RetryClock: Sendable {
    /// The current instant of a monotonic clock.
    public var now: @Sendable () -> ContinuousClock.Instant
    /// Waits for the duration; throws `CancellationError` when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void

    /// Makes a clock from its two operations.
    public init(now: @escaping @Sendable () -> ContinuousClock.Instant, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// The continuous (monotonic) system clock.
    public static var continuous: RetryClock {
        RetryClock(now: { ContinuousClock.now }, sleep: { try await Task.sleep(for: $0) })
    }
}
