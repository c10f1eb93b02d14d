import KubeLegoBasics
import Synchronization

/// Runs blocking socket work on a thread of its own, never on Swift's cooperative pool, and bridges the
/// result back. The work polls `isCancelled` between short waits; cancellation of the calling task sets it
/// unless the caller opts out (clean-up must finish even when its task was cancelled).
final class ExchangeControl: Sendable {
    private let cancelled = Atomic<Bool>(false)

    /// True once the calling task was cancelled.
    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    func cancel() { cancelled.store(true, ordering: .relaxed) }

    /// Runs `work` on a new thread and returns its result; throws `.cancelled` when the work saw cancellation.
    static func run<T: Sendable>(honourCancellation: Bool,
                                 _ work: @escaping @Sendable (ExchangeControl) -> Result<T, DNSError>) async throws(DNSError) -> T {
        let control = ExchangeControl()
        if honourCancellation && Task.isCancelled { throw DNSError(.cancelled, "cancelled before sending") }
        let result: Result<T, DNSError> = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, DNSError>, Never>) in
                let started = DetachedThread.start(name: "kube-lego-dns") { continuation.resume(returning: work(control)) }
                if !started { continuation.resume(returning: .failure(DNSError(.network, "could not start a thread for the exchange"))) }
            }
        } onCancel: {
            if honourCancellation { control.cancel() }
        }
        return try result.get()
    }
}
