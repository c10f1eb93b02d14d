import KubeLegoChallengeSolvers
import Synchronization

/// A fake clock for the self-check: sleeping returns at once but advances time and records the duration.
final class RecordingClock: Sendable {
    private let start = ContinuousClock.now
    private let state = Mutex<(elapsed: Duration, sleeps: [Duration])>((.zero, []))

    /// The durations asked for, in order.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// The clock to hand to `SelfCheck`.
    var retryClock: RetryClock {
        RetryClock(
            now: { [self] in start.advanced(by: state.withLock { $0.elapsed }) },
            sleep: { [self] duration in
                try Task.checkCancellation()
                state.withLock { state in
                    state.elapsed += duration
                    state.sleeps.append(duration)
                }
            }
        )
    }
}
