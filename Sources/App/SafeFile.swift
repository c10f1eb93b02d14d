#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File-system steps that never follow or overwrite something planted at a path kube-lego writes: new files
/// are created with `O_CREAT | O_EXCL | O_NOFOLLOW`, written fully and `fsync`ed before anything names them;
/// names of temporary files are random.
enum SafeFile {
    /// 16 random lowercase letters and digits from the system's secure generator, for temporary names.
    static func randomName() -> String {
        let symbols = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in symbols[Int.random(in: 0..<symbols.count, using: &generator)] })
    }

    /// Creates `path`, which must not exist in any form (a symlink there is an error, not followed), with
    /// `mode` (less the umask) from the first byte; writes `contents` fully and `fsync`s it. Removes the file
    /// again when a step fails.
    static func createExclusive(_ path: String, contents: [UInt8], mode: mode_t) throws(AppError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw .system("create", path) }
        var failure: AppError?
        var offset = 0
        while offset < contents.count, failure == nil {
            let written = contents.withUnsafeBytes { bytes -> Int in
                guard let start = bytes.baseAddress else { return 0 }
                return write(descriptor, start + offset, bytes.count - offset)
            }
            if written > 0 {
                offset += written
            } else if written < 0, errno == EINTR {
                continue
            } else {
                failure = .system("write", path)
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = .system("fsync", path) }
        if close(descriptor) != 0, failure == nil { failure = .system("close", path) }
        if let failure {
            unlink(path)
            throw failure
        }
    }

    /// Replaces `path` with a new file holding `contents`: created beside it under a random name, written,
    /// `fsync`ed, renamed over `path` (a symlink at `path` is replaced, not followed), then the directory is
    /// `fsync`ed so the rename survives a crash. `temporaryName` is a seam for tests.
    static func replace(
        _ path: String, contents: [UInt8], mode: mode_t, temporaryName: () -> String = { ".tmp-" + randomName() }
    ) throws(AppError) {
        let directory = parent(of: path)
        let temporary = join(directory, "." + base(of: path) + temporaryName())
        try createExclusive(temporary, contents: contents, mode: mode)
        guard rename(temporary, path) == 0 else {
            let failure = AppError.system("rename into place", path)
            unlink(temporary)
            throw failure
        }
        try syncDirectory(directory)
    }

    /// `fsync`s a directory, so that entries created, renamed or removed in it survive a crash.
    static func syncDirectory(_ path: String) throws(AppError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system("open directory", path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .system("fsync directory", path) }
    }

    /// Makes `path` a symlink to `target` in one step: a symlink under a random name, renamed over `path`
    /// (whatever non-directory was there is replaced, never followed). Does nothing when it already is one.
    static func pointSymlink(_ path: String, to target: String) throws(AppError) {
        if linkTarget(path) == target { return }
        let temporary = join(parent(of: path), "." + base(of: path) + ".tmp-" + randomName())
        guard symlink(target, temporary) == 0 else { throw .system("create symlink", temporary) }
        guard rename(temporary, path) == 0 else {
            let failure = AppError.system("replace", path)
            unlink(temporary)
            throw failure
        }
    }

    /// The target of the symlink at `path`, or nil when it is not a symlink.
    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length >= 0 else { return nil }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `directory/name`.
    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The directory part of `path` ("." when there is none).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The last component of `path`.
    static func base(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
