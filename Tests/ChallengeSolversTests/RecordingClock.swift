import KubeLegoChallengeSolvers
import Synchronization

/// A fake clock for the self-check: sleeping returns at once but advances time and records the duration.
final class RecordingClock: Sendable {
    private let start = ContinuousClock.now
    private let state = Mutex<(elapsed: Duration, sleeps: [Duration])>((.zero, []))
    private let onSleep: @Sendable (Int) -> Void

    /// A clock that calls `onSleep` with the number of sleeps so far after each one (to change the world
    /// between attempts).
    init(onSleep: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.onSleep = onSleep
    }

    /// The durations asked for, in order.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// The clock to hand to `SelfCheck`.
    var retryClock: RetryClock {
        RetryClock(
            now: { [self] in start.advanced(by: state.withLock { $0.elapsed }) },
            sleep: { [self] duration in
                try Task.checkCancellation()
                let count = state.withLock { state in
                    state.elapsed += duration
                    state.sleeps.append(duration)
                    return state.sleeps.count
                }
                onSleep(count)
            }
        )
    }
}
