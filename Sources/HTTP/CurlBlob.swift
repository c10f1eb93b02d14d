/// Bytes handed to libcurl as a `CURL_BLOB_NOCOPY` blob (CA bundle, client certificate, client key).
/// Owns its memory so that the pointer stays valid as long as any easy handle that uses it (each transfer keeps
/// its client's blobs alive); the memory is zeroed before it is freed, since it may hold a private key.
final class CurlBlob: Sendable {
    nonisolated(unsafe) private let storage: UnsafeMutableRawBufferPointer

    /// A copy of `bytes` in memory owned by the blob.
    init(_ bytes: some Collection<UInt8>) {
        storage = .allocate(byteCount: max(bytes.count, 1), alignment: 16)
        _ = storage.initializeMemory(as: UInt8.self, from: bytes)
        count = bytes.count
    }

    /// The number of bytes.
    let count: Int

    /// Start of the bytes, valid for the blob's lifetime; libcurl only reads through it.
    var baseAddress: UnsafeMutableRawPointer? { storage.baseAddress }

    deinit {
        for index in storage.indices { storage[index] = 0 }
        storage.deallocate()
    }
}
