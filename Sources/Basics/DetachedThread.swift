#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A named operating-system thread for blocking work that must stay off Swift's cooperative pool (libcurl's
/// multi loop, RSA key generation, DNS exchanges). Foundation's `Thread` would do the same, but linking Foundation
/// pulls in ICU's 32 MiB of data; this is the part of it kube-lego needs.
public enum DetachedThread {
    /// Starts `body` on a new detached thread named `name` (the first 15 bytes show in `top -H` and `/proc`).
    /// Returns false when the system refused to create a thread (`EAGAIN`: a thread or memory limit); `body`
    /// has then not run and never will.
    @discardableResult
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) -> Bool {
        let payload = Unmanaged.passRetained(Payload(name: name, body: body)).toOpaque()
        var attributes = pthread_attr_t()
        guard pthread_attr_init(&attributes) == 0 else {
            Unmanaged<Payload>.fromOpaque(payload).release()
            return false
        }
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let status = pthread_create(&thread, &attributes, { raw in
            guard let raw else { return nil }
            let payload = Unmanaged<Payload>.fromOpaque(raw).takeRetainedValue()
            payload.nameCurrentThread()
            payload.body()
            return nil
        }, payload)
        guard status == 0 else {
            Unmanaged<Payload>.fromOpaque(payload).release()
            return false
        }
        return true
    }

    private final class Payload {
        let name: String
        let body: @Sendable () -> Void

        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }

        func nameCurrentThread() {
            // Linux refuses names longer than 15 bytes (ERANGE); cut on a character boundary.
            var short = Substring(name)
            while short.utf8.count > 15 { short = short.dropLast() }
            #if canImport(Darwin)
            pthread_setname_np(String(short))
            #else
            // Glibc's pthread_setname_np is not visible to Swift; it writes this same file.
            let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return }
            defer { close(descriptor) }
            let bytes = Array(short.utf8)
            _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            #endif
        }
    }
}
