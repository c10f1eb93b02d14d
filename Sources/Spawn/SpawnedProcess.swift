import CKubeLegoSpawn
public import Foundation
import Synchronization

/// A child process started with posix_spawn, for the sandbox, Pebble and the tests, in place of Foundation's
/// `Process`: on Linux, swift-corelibs-foundation's `Process.run()` reads past a directory entry while listing
/// /proc/self/fd and crashes the parent now and then (swiftlang/swift-corelibs-foundation#5472, seen in this
/// project's CI). Here the child closes every descriptor above 2 itself (`closefrom`), so no list is needed, and
/// nothing another thread opens meanwhile leaks into it. The API is the part of `Process` the project uses.
public final class SpawnedProcess: @unchecked Sendable {
    /// The program to run.
    public var executableURL: URL?
    /// Its arguments, without the program name.
    public var arguments: [String] = []
    /// Its environment; nil: this process's.
    public var environment: [String: String]?
    /// Its working directory; nil: this process's.
    public var currentDirectoryURL: URL?
    /// Where standard input comes from: a `Pipe` (its reading end), a `FileHandle`, or nil for /dev/null;
    /// unset: inherited.
    public var standardInput: Any? = Inherited.stream
    /// Where standard output goes: a `Pipe` (its writing end), a `FileHandle`, or nil for /dev/null; unset: inherited.
    public var standardOutput: Any? = Inherited.stream
    /// Where standard error goes, as `standardOutput`.
    public var standardError: Any? = Inherited.stream
    /// Called once, on a thread of its own, when the child has exited.
    public var terminationHandler: (@Sendable (SpawnedProcess) -> Void)?

    private struct State {
        var pid: pid_t = 0
        var status: Int32?
    }
    private let state = Mutex(State())
    private let exited = DispatchSemaphore(value: 0)

    /// Marks a standard stream left as this process has it.
    public enum Inherited { case stream }

    /// A process to configure and `run()`.
    public init() {}

    /// The child's pid (0 before `run()`).
    public var processIdentifier: Int32 { state.withLock { $0.pid } }
    /// True from `run()` until the child has exited and been reaped.
    public var isRunning: Bool { state.withLock { $0.pid != 0 && $0.status == nil } }
    /// The exit code, or the number of the signal that ended it; 0 before it has exited.
    public var terminationStatus: Int32 { state.withLock { $0.status } ?? 0 }

    /// Starts the child; throws `SpawnError` when it cannot be started.
    public func run() throws {
        guard let path = executableURL?.path else { throw SpawnError(code: ENOENT, program: "(none)") }
        let inputs = [descriptor(standardInput, reading: true, standard: 0),
                      descriptor(standardOutput, reading: false, standard: 1),
                      descriptor(standardError, reading: false, standard: 2)]
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let variables = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            variables.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = inputs.withUnsafeBufferPointer { fds in
            if let directory = currentDirectoryURL?.path {
                return kl_spawn(&pid, path, argv, variables, fds.baseAddress, directory)
            }
            return kl_spawn(&pid, path, argv, variables, fds.baseAddress, nil)
        }
        guard rc == 0 else { throw SpawnError(code: rc, program: path) }
        let spawned = pid
        state.withLock { $0.pid = spawned }
        closeChildEnds()
        let reaper = Thread { [self] in reap(spawned) }
        reaper.start()
    }

    /// Blocks until the child has exited.
    public func waitUntilExit() {
        guard processIdentifier != 0 else { return }
        exited.wait()
        exited.signal()
    }

    /// Sends SIGTERM.
    public func terminate() { signal(SIGTERM) }

    /// Sends SIGINT.
    public func interrupt() { signal(SIGINT) }

    private func signal(_ number: Int32) {
        if isRunning { kill(processIdentifier, number) }
    }

    private func reap(_ pid: pid_t) {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let signalled = status & 0x7f
        let code = signalled == 0 ? (status >> 8) & 0xff : signalled
        state.withLock { $0.status = code }
        exited.signal()
        terminationHandler?(self)
    }

    /// The descriptor the child gets for a stream: the standard number to inherit, -1 for /dev/null.
    private func descriptor(_ stream: Any?, reading: Bool, standard: Int32) -> Int32 {
        switch stream {
        case is Inherited: return standard
        case let pipe as Pipe: return reading ? pipe.fileHandleForReading.fileDescriptor : pipe.fileHandleForWriting.fileDescriptor
        case let handle as FileHandle: return handle === FileHandle.nullDevice ? -1 : handle.fileDescriptor
        default: return -1
        }
    }

    /// The parent closes the pipe ends it handed to the child, so reading sees the end of output when it exits.
    private func closeChildEnds() {
        if let pipe = standardInput as? Pipe { try? pipe.fileHandleForReading.close() }
        if let pipe = standardOutput as? Pipe { try? pipe.fileHandleForWriting.close() }
        if let pipe = standardError as? Pipe, pipe !== standardOutput as? Pipe { try? pipe.fileHandleForWriting.close() }
    }
}

/// A child that could not be started: the errno value and the program.
public struct SpawnError: Error, Sendable, CustomStringConvertible {
    /// The errno value posix_spawn returned.
    public var code: Int32
    /// The program.
    public var program: String

    /// "cannot start <program>: <strerror>".
    public var description: String { "cannot start \(program): \(String(cString: strerror(code)))" }
}
