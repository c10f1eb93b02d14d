import CKubeLegoCurl

/// A libcurl call that failed, before it is turned into an `HTTPError` naming the request.
struct CurlCallError: Error {
    /// libcurl's result code.
    let code: CURLcode
    /// What was being done, e.g. "setting option 10002".
    let action: String
}

/// Owns one libcurl easy handle (`CURL *`), its error buffer and the string lists it points at; frees them all
/// in `deinit`. Not thread-safe: it is built on the caller's thread, then used only by the engine thread.
final class CurlEasy {
    /// The raw handle, for the multi interface.
    let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var lists: [CurlSlist] = []

    /// A fresh easy handle with an error buffer attached; nil when libcurl cannot allocate one.
    init?() {
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
        errorBuffer = .allocate(capacity: KL_CURL_ERROR_SIZE)
        errorBuffer.initialize(repeating: 0, count: KL_CURL_ERROR_SIZE)
        if kl_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer) != CURLE_OK {
            curl_easy_cleanup(handle)
            errorBuffer.deallocate()
            return nil
        }
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// libcurl's detailed message for the last failure (empty if none).
    var errorText: String {
        String(cString: errorBuffer)
    }

    /// Sets a `long` option.
    func set(_ option: CURLoption, _ value: Int) throws(CurlCallError) {
        try check(kl_curl_easy_setopt_long(handle, option, value), option)
    }

    /// Sets a `curl_off_t` option.
    func set(_ option: CURLoption, offT value: Int64) throws(CurlCallError) {
        try check(kl_curl_easy_setopt_off_t(handle, option, curl_off_t(value)), option)
    }

    /// Sets a string option (libcurl copies it); nil resets it.
    func set(_ option: CURLoption, _ value: String?) throws(CurlCallError) {
        let code: CURLcode
        if let value {
            code = kl_curl_easy_setopt_string(handle, option, value)
        } else {
            code = kl_curl_easy_setopt_string(handle, option, nil)
        }
        try check(code, option)
    }

    /// Sets a pointer option (callback context, CURLOPT_PRIVATE).
    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(CurlCallError) {
        try check(kl_curl_easy_setopt_pointer(handle, option, pointer), option)
    }

    /// Sets a string-list option; the handle keeps the list alive until it is freed.
    func set(_ option: CURLoption, list: CurlSlist) throws(CurlCallError) {
        lists.append(list)
        try check(kl_curl_easy_setopt_slist(handle, option, list.head), option)
    }

    /// Sets a blob option without copying; the caller keeps `blob` alive as long as this handle.
    func set(_ option: CURLoption, blob: CurlBlob) throws(CurlCallError) {
        try check(kl_curl_easy_setopt_blob(handle, option, blob.baseAddress, blob.count, KL_CURL_BLOB_NOCOPY), option)
    }

    /// Sets a write or header callback.
    func set(_ option: CURLoption, callback: kl_curl_data_callback) throws(CurlCallError) {
        try check(kl_curl_easy_setopt_data_callback(handle, option, callback), option)
    }

    /// Reads a `long` info value; 0 when unavailable.
    func info(_ info: CURLINFO) -> Int {
        var value = 0
        return kl_curl_easy_getinfo_long(handle, info, &value) == CURLE_OK ? value : 0
    }

    /// Reads a string info value; nil when unavailable.
    func info(string info: CURLINFO) -> String? {
        var value: UnsafePointer<CChar>?
        guard kl_curl_easy_getinfo_string(handle, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(CurlCallError) {
        if code != CURLE_OK {
            throw CurlCallError(code: code, action: "setting libcurl option \(option.rawValue)")
        }
    }
}
