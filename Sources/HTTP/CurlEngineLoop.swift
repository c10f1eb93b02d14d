import CKubeLegoCurl
import Logging

/// The engine thread's own state and loop: commands in, `curl_multi_perform`, finished transfers out,
/// `curl_multi_poll` until there is something to do. Confined to the engine thread.
final class CurlEngineLoop {
    private let engine: CurlEngine
    private let multi: CurlMulti
    private var active: [UInt64: CurlTransfer] = [:]

    /// A loop for `engine`'s thread.
    init(engine: CurlEngine) {
        self.engine = engine
        self.multi = engine.multi
    }

    /// Runs until the engine is shut down; then every transfer has been answered and its handle freed.
    func run() {
        while true {
            let (commands, stopping) = engine.takeCommands()
            for command in commands { apply(command) }
            if stopping { break }
            multi.perform()
            collectFinished()
            multi.poll(timeoutMilliseconds: 1000)
        }
        for (id, _) in active {
            abort(id, reason: "the HTTP client has been shut down")
        }
        engine.markStopped()
    }

    private func apply(_ command: CurlEngine.Command) {
        switch command {
        case .add(let transfer):
            if transfer.isAbandoned { return }  // cancelled before it started; dropping it frees the handle
            guard multi.add(transfer.easy) else {
                transfer.fail(HTTPError(code: .configuration, reason: "libcurl refused the transfer",
                                        url: transfer.url, method: transfer.method))
                return
            }
            active[transfer.id] = transfer
        case .abort(let id):
            abort(id, reason: "the request was cancelled")
        case .resume(let id):
            guard let transfer = active[id] else { return }
            // May call the write callback right away with the data held back while paused.
            _ = curl_easy_pause(transfer.easy.handle, KL_CURLPAUSE_CONT)
        }
    }

    private func abort(_ id: UInt64, reason: String) {
        guard let transfer = active.removeValue(forKey: id) else { return }
        multi.remove(transfer.easy)  // closes the connection of an unfinished transfer
        transfer.fail(HTTPError(code: .cancelled, reason: reason, url: transfer.url, method: transfer.method))
    }

    private func collectFinished() {
        while let (handle, result) = multi.nextDone() {
            var context: UnsafeMutableRawPointer?
            _ = kl_curl_easy_getinfo_pointer(handle, CURLINFO_PRIVATE, &context)
            let id = UInt64(UInt(bitPattern: context))
            guard let transfer = active.removeValue(forKey: id) else {
                engine.logger.error("libcurl finished a transfer the engine does not know", metadata: ["http.transfer": "\(id)"])
                _ = curl_multi_remove_handle(multi.handle, handle)
                continue
            }
            multi.remove(transfer.easy)
            transfer.complete(result)
        }
    }
}
