import Logging

extension Informer {
    /// Lists and watches until the calling task is cancelled, calling `handler` for every change in order.
    ///
    /// Never throws: API errors are logged and retried with back-off (the cache keeps serving its last state).
    public func run(onEvent handler: @Sendable (InformerEvent<Object>) async -> Void) async {
        var resourceVersion: String?
        var failures = 0
        while !Task.isCancelled {
            if resourceVersion == nil {
                do {
                    resourceVersion = try await relist(handler)
                    failures = 0
                } catch {
                    if error.code == .cancelled { return }
                    failures += 1
                    logger.warning("list failed, retrying", metadata: ["error": "\(error)", "kube.attempt": "\(failures)"])
                    guard await sleep(attempt: failures, atLeast: error.retryAfter) else { return }
                    continue
                }
            }
            guard let from = resourceVersion else { continue }
            let started = ContinuousClock.now
            switch await watch(from: from, handler) {
            case .ended(let last, let sawEvents):
                resourceVersion = last
                if sawEvents {
                    failures = 0
                } else if started.duration(to: .now) < .seconds(1) {
                    // A stream closed at once without events: do not spin against a struggling server.
                    failures += 1
                    guard await sleep(attempt: failures) else { return }
                }
            case .gone:
                logger.info("watch resourceVersion expired, relisting", metadata: ["kube.resourceVersion": "\(from)"])
                resourceVersion = nil
            case .failed(let last, let error, let sawEvents):
                resourceVersion = last
                failures = sawEvents ? 1 : failures + 1
                logger.warning(
                    "watch failed, reconnecting", metadata: ["error": "\(error)", "kube.attempt": "\(failures)"])
                guard await sleep(attempt: failures, atLeast: error.retryAfter) else { return }
            case .cancelled:
                return
            }
        }
    }

    private enum WatchOutcome {
        case ended(resourceVersion: String, sawEvents: Bool)
        case gone
        case failed(resourceVersion: String, KubeError, sawEvents: Bool)
        case cancelled
    }

    /// Lists everything, replaces the store, delivers the differences; returns the list's resourceVersion.
    private func relist(_ handler: @Sendable (InformerEvent<Object>) async -> Void) async throws(KubeError) -> String {
        let list = try await client.listAll(
            Object.self, namespace: namespace,
            options: ListOptions(labelSelector: labelSelector, fieldSelector: fieldSelector), pageSize: pageSize)
        let events = store.replaceAll(with: list.items.map(transform))
        logger.debug("listed", metadata: ["kube.count": "\(list.items.count)", "kube.resourceVersion": "\(list.resourceVersion)"])
        // Synced once the handler has seen the list too, so whatever it keeps from events is complete by then.
        for event in events { await handler(event) }
        markSynced()
        return list.resourceVersion
    }

    /// Runs one watch request from `resourceVersion` until it ends, fails or reports 410.
    private func watch(from resourceVersion: String, _ handler: @Sendable (InformerEvent<Object>) async -> Void) async -> WatchOutcome {
        var last = resourceVersion
        var sawEvents = false
        do {
            let options = WatchOptions(
                resourceVersion: resourceVersion, labelSelector: labelSelector, fieldSelector: fieldSelector,
                allowBookmarks: true, timeoutSeconds: watchTimeoutSeconds)
            let stream = try await client.watch(Object.self, namespace: namespace, options: options)
            for try await event in stream {
                sawEvents = true
                let change: InformerEvent<Object>?
                switch event {
                case .added(let object), .modified(let object):
                    change = store.upsert(transform(object))
                case .deleted(let object):
                    change = store.remove(transform(object))
                case .bookmark:
                    change = nil
                case .error(let error):
                    return error.code == .gone ? .gone : .failed(resourceVersion: last, error, sawEvents: false)
                }
                if let version = event.resourceVersion { last = version }
                if let change { await handler(change) }
            }
            return .ended(resourceVersion: last, sawEvents: sawEvents)
        } catch {
            switch error.code {
            case .cancelled: return .cancelled
            case .gone: return .gone
            default: return Task.isCancelled ? .cancelled : .failed(resourceVersion: last, error, sawEvents: sawEvents)
            }
        }
    }

    /// Sleeps `Self.delay(backoff:attempt:serverAsked:)`; false when cancelled meanwhile.
    private func sleep(attempt: Int, atLeast minimum: Duration? = nil) async -> Bool {
        do {
            try await Task.sleep(for: Self.delay(backoff: backoff, attempt: attempt, serverAsked: minimum))
            return true
        } catch {
            return false
        }
    }

    /// The back-off for `attempt`, or longer when the server asked for it (429 Retry-After), but never longer
    /// than `KubeError.maximumRetryAfter` for the server's part, whatever the error carries.
    static func delay(backoff: Backoff, attempt: Int, serverAsked: Duration?) -> Duration {
        let asked = min(max(serverAsked ?? .zero, .zero), KubeError.maximumRetryAfter)
        return max(backoff.delay(attempt: attempt), asked)
    }
}
