/// Group commit for an actor's writes to Kubernetes: one pass at a time, and a pass writes everything asked for
/// until it starts, so callers that queued behind a running pass are served by the next single pass instead of one
/// pass each (a burst of 100 orders costs a handful of writes, not hundreds). A failed pass covers no one; each
/// waiter then runs its own and sees its own error.
///
/// Owned by one actor and used only from it (`run` runs on the caller's isolation), so its counters need no lock.
public final class GroupCommit {
    private var writing = false
    private var requested = 0
    private var completed = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init() {}

    /// Returns once a `pass` that started after this call has succeeded: this caller's own, or a later one that
    /// a caller queued behind it ran. `pass` writes the owner's current state.
    public func run<Failure: Error>(
        isolation: isolated (any Actor)? = #isolation, _ pass: () async throws(Failure) -> Void
    ) async throws(Failure) {
        requested += 1
        let mine = requested
        while writing {
            await withCheckedContinuation { waiting.append($0) }
            if completed >= mine { return }
        }
        if completed >= mine { return }
        writing = true
        let covering = requested
        defer {
            writing = false
            let resumed = waiting
            waiting.removeAll()
            for waiter in resumed { waiter.resume() }
        }
        try await pass()
        completed = covering
    }
}
