import CKubeLegoCurl

/// Owns a libcurl string list (`curl_slist`), e.g. the request header lines; frees it in `deinit`.
final class CurlSlist {
    /// The head of the list, nil while empty; handed to libcurl, which only reads it.
    private(set) var head: UnsafeMutablePointer<curl_slist>?

    /// An empty list.
    init() {}

    /// Appends a copy of `line`; false when libcurl could not allocate (the list is unchanged then).
    func append(_ line: String) -> Bool {
        guard let newHead = curl_slist_append(head, line) else { return false }
        head = newHead
        return true
    }

    deinit {
        curl_slist_free_all(head)
    }
}
