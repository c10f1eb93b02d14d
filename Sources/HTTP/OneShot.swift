import Synchronization

/// A result that is settled once, from any thread, and awaited by one task. Later settlements are ignored, so
/// the engine, a cancellation handler and a shutdown may all race to settle it safely.
final class OneShot<Value: Sendable>: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<Result<Value, HTTPError>, Never>)
        case settled(Result<Value, HTTPError>)
        case delivered
    }

    private let state = Mutex<State>(.pending)

    /// An unsettled result.
    init() {}

    /// Whether a result has been set (delivered or not).
    var isSettled: Bool {
        state.withLock { state in
            if case .pending = state { return false }
            if case .waiting = state { return false }
            return true
        }
    }

    /// Sets the result unless one was set before, and wakes the waiting task.
    func settle(_ result: Result<Value, HTTPError>) {
        let waiter: CheckedContinuation<Result<Value, HTTPError>, Never>? = state.withLock { state in
            switch state {
            case .pending:
                state = .settled(result)
                return nil
            case .waiting(let continuation):
                state = .delivered
                return continuation
            case .settled, .delivered:
                return nil
            }
        }
        waiter?.resume(returning: result)
    }

    /// Waits for the result. Call once.
    func value() async -> Result<Value, HTTPError> {
        await withCheckedContinuation { continuation in
            let ready: Result<Value, HTTPError>? = state.withLock { state in
                switch state {
                case .pending:
                    state = .waiting(continuation)
                    return nil
                case .settled(let result):
                    state = .delivered
                    return result
                case .waiting, .delivered:
                    preconditionFailure("OneShot.value() awaited twice")
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
