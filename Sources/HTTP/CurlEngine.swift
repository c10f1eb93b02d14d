import CKubeLegoCurl
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoBasics
import Logging
import Synchronization

/// Drives all transfers of one `HTTPClient` on a thread of its own, through one libcurl multi handle (which also
/// keeps the connection cache, so connections are reused). Other threads never call libcurl on a transfer: they
/// queue commands under a lock and wake the thread with `curl_multi_wakeup`; results come back through
/// `OneShot` and `StreamChannel`. Nothing here ever blocks Swift's cooperative thread pool.
final class CurlEngine: Sendable {
    /// Work for the engine thread.
    enum Command: Sendable {
        /// Start driving a transfer.
        case add(CurlTransfer)
        /// Stop a transfer, close its connection and free its handle; the caller has already been answered.
        case abort(UInt64)
        /// Unpause a transfer whose reader has drained its buffer.
        case resume(UInt64)
    }

    private struct Inbox {
        var commands: [Command] = []
        var stopping = false
        var stopped = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// The multi handle; driven only by the engine thread, woken from anywhere.
    let multi: CurlMulti
    /// Where the engine reports.
    let logger: Logger
    private let inbox = Mutex(Inbox())
    private let nextID = Atomic<UInt64>(1)

    /// Creates the multi handle and starts the engine thread.
    init(logger: Logger) throws(HTTPError) {
        guard let multi = CurlMulti() else {
            throw HTTPError(code: .configuration, reason: "libcurl could not create a multi handle", url: "")
        }
        self.multi = multi
        self.logger = logger
        let started = DetachedThread.start(name: "kube-lego-http") { [self] in
            CurlEngineLoop(engine: self).run()
        }
        guard started else {
            throw HTTPError(code: .configuration, reason: "could not start the HTTP engine thread", url: "")
        }
    }

    /// A fresh transfer id (never 0).
    func makeTransferID() -> UInt64 {
        nextID.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// Hands `transfer` to the engine thread, or fails it at once when the client has been shut down.
    func submit(_ transfer: CurlTransfer) {
        if !send(.add(transfer)) {
            transfer.fail(HTTPError(code: .cancelled, reason: "the HTTP client has been shut down",
                                    url: transfer.url, method: transfer.method))
        }
    }

    /// Queues `command` and wakes the engine thread; false when the engine is stopping or stopped.
    @discardableResult
    func send(_ command: Command) -> Bool {
        inbox.withLock { inbox in
            guard !inbox.stopping else { return false }
            inbox.commands.append(command)
            multi.wakeUp()
            return true
        }
    }

    /// Aborts every transfer, stops the thread and returns once it has stopped. Idempotent.
    func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let stopped = inbox.withLock { inbox in
                if inbox.stopped { return true }
                inbox.stopping = true
                inbox.stopWaiters.append(continuation)
                multi.wakeUp()
                return false
            }
            if stopped { continuation.resume() }
        }
    }

    /// Asks the thread to stop without waiting (for `deinit`).
    func requestShutdown() {
        inbox.withLock { inbox in
            inbox.stopping = true
            multi.wakeUp()
        }
    }

    // MARK: - Engine thread side

    /// Takes the queued commands, and whether the engine is to stop.
    func takeCommands() -> (commands: [Command], stopping: Bool) {
        inbox.withLock { inbox in
            defer { inbox.commands = [] }
            return (inbox.commands, inbox.stopping)
        }
    }

    /// The thread has ended: wakes everybody waiting in `shutdown()`.
    func markStopped() {
        let waiters = inbox.withLock { inbox in
            inbox.stopped = true
            defer { inbox.stopWaiters = [] }
            return inbox.stopWaiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
