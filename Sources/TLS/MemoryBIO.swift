import CKubeLegoOpenSSL

/// Owns an OpenSSL memory BIO that OpenSSL writes PEM into; freed when this object goes.
final class MemoryBIO {
    /// The BIO handle, valid for this object's lifetime.
    let handle: OpaquePointer

    /// A new empty BIO; `secure` uses OpenSSL's secure memory, which is wiped when freed (for private keys).
    init(secure: Bool) throws(TLSError) {
        guard let handle = BIO_new(secure ? BIO_s_secmem() : BIO_s_mem()) else {
            throw .openSSL(.openSSL, "could not allocate a memory BIO")
        }
        self.handle = handle
    }

    deinit {
        BIO_free(handle)
    }

    /// Reads everything written so far as UTF-8 text, wiping the intermediate copy.
    func readText() throws(TLSError) -> String {
        let pending = BIO_ctrl_pending(handle)
        guard pending > 0, pending <= Int(Int32.max) else { throw .openSSL(.openSSL, "OpenSSL wrote no output") }
        var bytes = [UInt8](repeating: 0, count: pending)
        let read = bytes.withUnsafeMutableBytes { BIO_read(handle, $0.baseAddress, Int32($0.count)) }
        defer { bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        guard read == Int32(pending) else { throw .openSSL(.openSSL, "could not read OpenSSL's output") }
        return String(decoding: bytes, as: UTF8.self)
    }
}
