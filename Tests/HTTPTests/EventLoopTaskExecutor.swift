import NIOCore

/// Runs Swift tasks on one NIO event loop instead of Swift's cooperative pool.
///
/// The local test server uses it so that it keeps answering when other tests in the same process block every
/// cooperative thread (for example while waiting for a child process): a client test must not time out because
/// the server it talks to could not be scheduled.
final class EventLoopTaskExecutor: TaskExecutor {
    private let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
