import Foundation
import KubeLegoSpawn

/// The `kube-lego-sandbox` executable running as a child process (built next to the test bundle).
final class SandboxProcess {
    let process = SpawnedProcess()
    private let output = Pipe()
    private let errors = Pipe()
    /// The base URL the process printed on its first line.
    private(set) var baseURL = ""

    /// Starts `kube-lego-sandbox <arguments>` and waits for its URL line.
    init(_ arguments: [String]) throws {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var binary = directory.appendingPathComponent("kube-lego-sandbox")
        if !FileManager.default.fileExists(atPath: binary.path) {
            binary = directory.deletingLastPathComponent().appendingPathComponent("kube-lego-sandbox")
        }
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var line: [UInt8] = []
        while !line.contains(UInt8(ascii: "\n")) {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            line += data
        }
        baseURL = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Sends SIGTERM and waits for the exit status.
    func terminate() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
