import CKubeLegoOpenSSL

/// This thread's OpenSSL error queue: read into errors, and cleared so one failure never leaks into the next call.
enum OpenSSLErrorQueue {
    /// Forgets whatever earlier code on this thread left in the queue.
    static func clear() {
        ERR_clear_error()
    }

    /// Reads and removes every queued error, as OpenSSL's one-line texts joined by "; ".
    static func drain() -> String {
        var texts: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            buffer.withUnsafeMutableBufferPointer { bytes in
                ERR_error_string_n(code, bytes.baseAddress, bytes.count)
            }
            texts.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return texts.joined(separator: "; ")
    }
}

extension TLSError {
    /// An error whose reason is `what` followed by OpenSSL's queued errors, which it drains.
    static func openSSL(_ code: Code, _ what: String) -> TLSError {
        let queue = OpenSSLErrorQueue.drain()
        return TLSError(code: code, reason: queue.isEmpty ? what : "\(what) (OpenSSL: \(queue))")
    }
}
