public import Foundation
import KubeLegoSpawn

/// A `kube-lego` controller running as its own process, the way a Deployment runs it: configured only
/// through `LEGO_*` variables, logging to a file.
public final class ControllerProcess: Sendable {
    /// The variables it was started with.
    public let environment: [String: String]
    /// Where its stderr goes.
    public let logFile: URL
    private let process: SpawnedProcess

    /// Starts `executable run` with `environment` (laid over a minimal PATH/HOME) and its log in `logFile`.
    public init(executable: String, environment: [String: String], logFile: URL) throws(SandboxError) {
        self.environment = environment
        self.logFile = logFile
        let process = SpawnedProcess()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["run"]
        var base = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": "/nonexistent"]
        base.merge(environment) { $1 }
        process.environment = base
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        do {
            let log = try FileHandle(forWritingTo: logFile)
            process.standardError = log
            process.standardOutput = log
            try process.run()
        } catch {
            throw SandboxError(.startup, "cannot start \(executable): \(error.localizedDescription)")
        }
        self.process = process
    }

    /// The process id.
    public var processIdentifier: Int32 { process.processIdentifier }

    /// True while the process runs.
    public var isRunning: Bool { process.isRunning }

    /// The exit status, once it has exited.
    public var exitStatus: Int32? { process.isRunning ? nil : process.terminationStatus }

    /// Sends SIGTERM (graceful shutdown) and waits up to `timeout` for the exit, then SIGKILL.
    public func stop(timeout: Duration = .seconds(10)) async {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Sends SIGKILL at once (what `kill -9` or a node failure does: no clean-up of any kind) and waits for the exit.
    public func killImmediately() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The last `bytes` of its log, for error messages.
    public func logTail(_ bytes: Int = 4000) -> String {
        guard let data = try? Data(contentsOf: logFile) else { return "" }
        return String(decoding: data.suffix(bytes), as: UTF8.self)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
