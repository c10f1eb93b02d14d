public import Foundation
import KubeLegoSpawn

extension TestCA {
    /// A failed `openssl` run: its arguments, exit status and standard error.
    public struct CommandError: Error, CustomStringConvertible {
        /// The arguments after `openssl`.
        public let arguments: [String]
        /// The exit status.
        public let status: Int32
        /// What the command wrote to standard error.
        public let standardError: String

        /// The command line, status and standard error.
        public var description: String {
            "openssl \(arguments.joined(separator: " ")) exited \(status): \(standardError)"
        }
    }

    /// The result of an `openssl` run.
    public struct CommandOutput: Sendable {
        /// The exit status.
        public let status: Int32
        /// Standard output as bytes.
        public let standardOutput: Data
        /// Standard error as text.
        public let standardError: String
        /// Standard output as UTF-8 text.
        public var text: String { String(decoding: standardOutput, as: UTF8.self) }
    }

    /// Runs `openssl arguments…` in `directory` and returns its standard output; throws `CommandError` unless it
    /// exits 0. `input` becomes its standard input.
    @discardableResult
    public static func openssl(_ arguments: [String], in directory: URL, input: Data? = nil) throws -> String {
        let output = try run(arguments, in: directory, input: input)
        guard output.status == 0 else {
            throw CommandError(arguments: arguments, status: output.status, standardError: output.standardError)
        }
        return output.text
    }

    /// Runs `openssl arguments…` in `directory` and returns whatever happened, exit status included.
    public static func run(_ arguments: [String], in directory: URL, input: Data? = nil) throws -> CommandOutput {
        // Files, not pipes: a full pipe would block the child while this thread waits for it to exit.
        let stamp = UUID().uuidString
        let inputFile = directory.appendingPathComponent(".openssl-\(stamp).in")
        let outputFile = directory.appendingPathComponent(".openssl-\(stamp).out")
        let errorFile = directory.appendingPathComponent(".openssl-\(stamp).err")
        defer {
            for file in [inputFile, outputFile, errorFile] { try? FileManager.default.removeItem(at: file) }
        }
        try (input ?? Data()).write(to: inputFile)
        try Data().write(to: outputFile)
        try Data().write(to: errorFile)
        let process = SpawnedProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = directory
        let stdin = try FileHandle(forReadingFrom: inputFile)
        let stdout = try FileHandle(forWritingTo: outputFile)
        let stderr = try FileHandle(forWritingTo: errorFile)
        defer {
            try? stdin.close()
            try? stdout.close()
            try? stderr.close()
        }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        process.waitUntilExit()
        return CommandOutput(
            status: process.terminationStatus,
            standardOutput: try Data(contentsOf: outputFile),
            standardError: String(decoding: try Data(contentsOf: errorFile), as: UTF8.self)
        )
    }
}
