import Synchronization

/// Tells waiters where the responder listens once it does, or that it never will (bind failed, stopped).
final class ListeningSignal: Sendable {
    private enum Outcome {
        case listening(HTTP01Responder.Address)
        case failed(SolverError)
    }

    private struct State {
        var outcome: Outcome?
        var started = false
        var waiters: [Int: CheckedContinuation<HTTP01Responder.Address, any Error>] = [:]
        var cancelled: Set<Int> = []
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    /// Marks the responder as started; false when it had been started before.
    func markStarted() -> Bool {
        state.withLock { state in
            defer { state.started = true }
            return !state.started
        }
    }

    /// The address, when listening now.
    var address: HTTP01Responder.Address? {
        state.withLock { state in
            if case .listening(let address) = state.outcome { return address }
            return nil
        }
    }

    /// Resolves every waiter with the address.
    func listening(at address: HTTP01Responder.Address) {
        resolve(.listening(address))
    }

    /// Resolves every waiter with an error, and all later ones too.
    func failed(_ error: SolverError) {
        resolve(.failed(error))
    }

    /// Waits until listening; throws the failure, or `CancellationError` when the waiting task is cancelled.
    func wait() async throws -> HTTP01Responder.Address {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let immediate: Result<HTTP01Responder.Address, any Error>? = state.withLock { state in
                    if state.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    switch state.outcome {
                    case .listening(let address): return .success(address)
                    case .failed(let error): return .failure(error)
                    case nil:
                        state.waiters[id] = continuation
                        return nil
                    }
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let continuation = state.withLock { state in
                let waiter = state.waiters.removeValue(forKey: id)
                if waiter == nil, state.outcome == nil { state.cancelled.insert(id) }
                return waiter
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    private func resolve(_ outcome: Outcome) {
        let waiters = state.withLock { state in
            state.outcome = outcome
            defer { state.waiters = [:] }
            return state.waiters
        }
        for continuation in waiters.values {
            switch outcome {
            case .listening(let address): continuation.resume(returning: address)
            case .failed(let error): continuation.resume(throwing: error)
            }
        }
    }
}
