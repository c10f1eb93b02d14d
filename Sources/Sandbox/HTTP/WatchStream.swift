import KubeLegoKube
import NIOCore
import NIOHTTP1

/// One watch response being streamed: chunked `{"type":...,"object":...}` lines, filtered by namespace and
/// selectors, with optional bookmarks, a timeout and an injected cut. Lives on its connection's event loop.
final class WatchStream {
    let plan: WatchPlan
    let store: ObjectStore
    let faults: SandboxFaults
    let bookmarkInterval: TimeAmount
    let keepAlive: Bool
    let version: HTTPVersion
    let context: ChannelHandlerContext
    private var watcherID: Int?
    private var lastResourceVersion = 0
    private var sent = 0
    private var timers: [Scheduled<Void>] = []
    private var bookmarkTask: RepeatedTask?
    private var finished = false
    private var onFinish: (() -> Void)?

    init(plan: WatchPlan, store: ObjectStore, faults: SandboxFaults, bookmarkInterval: TimeAmount, keepAlive: Bool,
         version: HTTPVersion, context: ChannelHandlerContext) {
        self.plan = plan
        self.store = store
        self.faults = faults
        self.bookmarkInterval = bookmarkInterval
        self.keepAlive = keepAlive
        self.version = version
        self.context = context
    }

    /// Registers with the store, writes the headers and the replayed events, arms the timers.
    func start(onFinish: @escaping () -> Void) {
        self.onFinish = onFinish
        let loop = context.eventLoop
        let bound = NIOLoopBound(self, eventLoop: loop)
        do {
            let (replay, id, current) = try store.watch(plan.resource, from: plan.resourceVersion) { event in
                loop.execute { bound.value.deliver(event) }
            }
            watcherID = id
            lastResourceVersion = max(current, plan.resourceVersion ?? 0)
            writeHead()
            for event in replay { deliver(event) }
        } catch {
            writeHead()
            writeEvent(.error, .object(error.status))
            finish(cleanly: true)
            return
        }
        if let seconds = plan.timeoutSeconds, seconds > 0 {
            timers.append(loop.scheduleTask(in: .seconds(Int64(seconds))) { bound.value.finish(cleanly: true) })
        }
        if plan.bookmarks {
            bookmarkTask = loop.scheduleRepeatedTask(initialDelay: bookmarkInterval, delay: bookmarkInterval) { _ in
                bound.value.sendBookmark()
            }
        }
    }

    /// Sends a store event if the watcher selects it (turning selector entries and exits into ADDED/DELETED).
    func deliver(_ event: StoreEvent) {
        guard !finished else { return }
        lastResourceVersion = max(lastResourceVersion, event.resourceVersion)
        let now = plan.filter.matches(event.object)
        let before = event.previous.map(plan.filter.matches) ?? false
        let type: WatchEventType
        switch event.type {
        case .added: guard now else { return }; type = .added
        case .deleted: guard before || now else { return }; type = .deleted
        default:
            switch (before, now) {
            case (true, true): type = .modified
            case (false, true): type = .added
            case (true, false): type = .deleted
            case (false, false): return
            }
        }
        writeEvent(type, plan.view.render(plan.resource, event.object))
        sent += 1
        if let cut = faults.cutWatchAfterEvents, sent >= cut {
            finish(cleanly: false)
        }
    }

    /// A BOOKMARK with the newest resourceVersion this stream has seen.
    func sendBookmark() {
        guard !finished else { return }
        let object: JSONObject = ["kind": .string(plan.resource.kind), "apiVersion": .string(plan.resource.apiVersion),
                                  "metadata": ["resourceVersion": .string(String(lastResourceVersion))]]
        writeEvent(.bookmark, .object(object))
    }

    /// Ends the stream: with the final chunk (timeout), or by dropping the connection (injected cut).
    func finish(cleanly: Bool) {
        guard !finished else { return }
        stop()
        if cleanly {
            let done = context.writeAndFlushPromise(NIOAny(HTTPServerResponsePart.end(nil)))
            if !keepAlive {
                let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
                done.whenComplete { _ in bound.value.close(promise: nil) }
            }
        } else {
            context.close(promise: nil)
        }
        onFinish?()
        onFinish = nil
    }

    /// Unregisters from the store and cancels the timers; nothing more is written.
    func stop() {
        finished = true
        if let watcherID { store.unwatch(watcherID) }
        watcherID = nil
        for timer in timers { timer.cancel() }
        timers = []
        bookmarkTask?.cancel()
        bookmarkTask = nil
    }

    private func writeHead() {
        var headers = HTTPHeaders([("Content-Type", "application/json"), ("Cache-Control", "no-cache, private"),
                                   ("Transfer-Encoding", "chunked")])
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.writeAndFlush(NIOAny(HTTPServerResponsePart.head(HTTPResponseHead(version: version, status: .ok,
                                                                                   headers: headers))), promise: nil)
    }

    private func writeEvent(_ type: WatchEventType, _ object: JSONValue) {
        let line: JSONValue = ["type": .string(type.rawValue), "object": object]
        var bytes = line.serialized()
        bytes.append(UInt8(ascii: "\n"))
        let buffer = context.channel.allocator.buffer(bytes: bytes)
        context.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
    }
}
