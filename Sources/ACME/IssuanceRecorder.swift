import Synchronization

/// Collects `IssuanceMetrics` for the issuance running in the current task and its child tasks.
final class IssuanceRecorder: Sendable {
    /// The recorder of the issuance the current task works for, if any.
    @TaskLocal static var current: IssuanceRecorder?

    private let metrics = Mutex(IssuanceMetrics())

    /// The figures so far.
    var snapshot: IssuanceMetrics { metrics.withLock { $0 } }

    /// Counts one HTTP request.
    func countRequest() { metrics.withLock { $0.requestCount += 1 } }
    /// Adds time spent waiting for the network.
    func addNetworkTime(_ duration: Duration) { metrics.withLock { $0.networkTime += duration } }
    /// Adds time spent sleeping between polls.
    func addPollingWait(_ duration: Duration) { metrics.withLock { $0.pollingWaitTime += duration } }
    /// Adds time spent in a solver.
    func addSolverTime(_ duration: Duration) { metrics.withLock { $0.solverTime += duration } }
    /// Adds time spent making the CSR.
    func addCSRTime(_ duration: Duration) { metrics.withLock { $0.csrTime += duration } }
    /// Sets the wall time of the issuance.
    func setTotal(_ duration: Duration) { metrics.withLock { $0.total = duration } }
}
