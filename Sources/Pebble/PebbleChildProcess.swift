import Foundation
import KubeLegoSpawn
import Synchronization

/// One child process of a Pebble instance, with stdout and stderr going to a log file. Terminated (SIGTERM,
/// then reaped) on `terminate()` and on deinit.
final class PebbleChildProcess: Sendable {
    /// The log file of the process.
    let logFile: URL
    private let process: Mutex<SpawnedProcess?>

    /// Starts `executable` with `arguments` and extra `environment`, logging to `logFile`.
    init(executable: String, arguments: [String], environment: [String: String], logFile: URL) throws(PebbleError) {
        self.logFile = logFile
        let process = SpawnedProcess()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        do {
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
            let log = try FileHandle(forWritingTo: logFile)
            process.standardOutput = log
            process.standardError = log
            process.standardInput = FileHandle.nullDevice
            try process.run()
            try log.close()
        } catch {
            throw PebbleError(.launch, "could not start \(executable): \(error)", logFile: logFile.path)
        }
        self.process = Mutex(process)
    }

    /// True while the process runs.
    var isRunning: Bool { process.withLock { $0?.isRunning ?? false } }

    /// The last `bytes` of the log, for error messages.
    func logTail(_ bytes: Int = 1500) -> String {
        guard let data = FileManager.default.contents(atPath: logFile.path) else { return "" }
        return String(decoding: data.suffix(bytes), as: UTF8.self)
    }

    /// Sends SIGTERM and waits for the process to exit (escalating to SIGKILL after 5 seconds). Idempotent.
    func terminate() {
        guard let process = process.withLock({ value -> SpawnedProcess? in
            let current = value
            value = nil
            return current
        }) else { return }
        guard process.isRunning else { return }
        process.terminate()
        let pid = process.processIdentifier
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { terminate() }
}
