import Foundation
import KubeLegoSpawn
#if canImport(Glibc)
import Glibc
#endif

/// A real nginx master process running in the foreground (`daemon off`) from a work directory; owns the child
/// and kills it when released.
final class NginxProcess: @unchecked Sendable {
    // @unchecked: `process` is set once in init and only read afterwards; Foundation's Process is thread-safe
    // for isRunning/processIdentifier/terminate.
    private let process: SpawnedProcess
    /// The work directory (`-p`).
    let directory: URL

    /// Starts `nginx -p W/ -c W/nginx.conf -e W/error.log`.
    init(executable: String, directory: URL) throws(SandboxError) {
        self.directory = directory
        let process = SpawnedProcess()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-p", directory.path + "/", "-c", directory.appendingPathComponent("nginx.conf").path,
                             "-e", directory.appendingPathComponent("error.log").path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw SandboxError(.startup, "cannot start \(executable) in \(directory.path): \(error)")
        }
        self.process = process
    }

    /// Whether the master still runs.
    var isRunning: Bool { process.isRunning }

    /// Asks the master to re-read its configuration (what `nginx -s reload` does). Not before nginx has written its
    /// pid file: it installs its signal handlers first, and a SIGHUP arriving earlier would end it.
    func reload() throws(SandboxError) {
        let pidFile = directory.appendingPathComponent("nginx.pid").path
        for _ in 0..<500 where process.isRunning && !FileManager.default.fileExists(atPath: pidFile) {
            usleep(10_000)
        }
        guard process.isRunning else {
            throw SandboxError(.internalError, "nginx in \(directory.path) has exited: \(errorLogTail())")
        }
        kill(process.processIdentifier, SIGHUP)
    }

    /// How many child processes (workers, including old ones still shutting down after a reload) the master has.
    func childCount() -> Int {
        let master = process.processIdentifier
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var count = 0
        for entry in entries where entry.allSatisfy(\.isNumber) {
            guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // After "pid (comm)": state, then ppid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, Int32(fields[1]) == master { count += 1 }
        }
        return count
    }

    /// Stops nginx (fast shutdown), waiting up to five seconds before killing it.
    func stop() async {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<500 where process.isRunning {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// The last lines of nginx's error log, for error messages.
    func errorLogTail(lines: Int = 5) -> String {
        let text = (try? String(contentsOf: directory.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: " | ")
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
