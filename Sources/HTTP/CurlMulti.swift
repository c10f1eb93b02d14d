import CKubeLegoCurl

/// Owns one libcurl multi handle (`CURLM *`), which also holds the connection cache; frees it in `deinit`.
/// Only the engine thread drives it; `wakeUp()` is the one call that is safe from any thread.
final class CurlMulti: @unchecked Sendable {
    /// The raw handle.
    let handle: UnsafeMutableRawPointer

    /// A new multi handle; nil when libcurl cannot allocate one.
    init?() {
        guard let handle = curl_multi_init() else { return nil }
        self.handle = handle
    }

    deinit {
        curl_multi_cleanup(handle)
    }

    /// Interrupts a `poll` in progress (or the next one). Thread-safe.
    func wakeUp() {
        _ = curl_multi_wakeup(handle)
    }

    /// Starts driving `easy`; false if libcurl refused.
    func add(_ easy: CurlEasy) -> Bool {
        curl_multi_add_handle(handle, easy.handle) == CURLM_OK
    }

    /// Stops driving `easy`; an unfinished transfer's connection is closed.
    func remove(_ easy: CurlEasy) {
        _ = curl_multi_remove_handle(handle, easy.handle)
    }

    /// Does whatever I/O is ready without blocking.
    func perform() {
        var running: Int32 = 0
        _ = curl_multi_perform(handle, &running)
    }

    /// Waits until a socket is ready, libcurl's own timer fires, `wakeUp()` is called or `timeoutMilliseconds`
    /// pass.
    func poll(timeoutMilliseconds: Int32) {
        _ = curl_multi_poll(handle, nil, 0, timeoutMilliseconds, nil)
    }

    /// The next finished transfer: its easy handle and result code.
    func nextDone() -> (handle: UnsafeMutableRawPointer, result: CURLcode)? {
        var easy: UnsafeMutableRawPointer?
        var result = CURLE_OK
        guard kl_curl_multi_next_done(handle, &easy, &result) == 1, let easy else { return nil }
        return (easy, result)
    }
}
