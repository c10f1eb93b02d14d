import CFuzzDriver
import Foundation

/// The C signature of a harness's per-input function (`LLVMFuzzerTestOneInput`).
public typealias FuzzTarget = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// The C type of `argv`.
public typealias CArguments = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

/// Starts a harness.
///
/// How a harness binary starts depends on how it was built, and every harness handles each way by defining
/// `LLVMFuzzerTestOneInput` and a C function `<module>_main` that calls `run`:
/// - `-Xswiftc -sanitize=fuzzer,address` (scripts/fuzz), or a plain `swift build`: SwiftPM's debug builds link
///   `main` to `<module>_main` (so tests can link executables), which calls `run`: with libFuzzer linked in,
///   its driver takes over with the command line as usual; without it, the harness replays every file and
///   folder named on the command line, one input per file, enough to re-run a corpus or a crashing input under
///   a debugger.
/// - `--sanitize fuzzer`: SwiftPM leaves `main` alone and libFuzzer's own `main` drives `LLVMFuzzerTestOneInput`;
///   `<module>_main` is unused.
/// Harness modules are compiled with `-parse-as-library`, so they emit no `main` of their own.
public enum FuzzDriver {
    /// Runs `target` under libFuzzer, or replays the inputs named on the command line; returns the exit code.
    public static func run(argc: CInt, argv: CArguments?, target: FuzzTarget) -> CInt {
        if kube_lego_fuzz_has_libfuzzer() != 0 {
            return kube_lego_fuzz_run_driver(argc, argv, target)
        }
        return replay(CommandLine.arguments.dropFirst().filter { !$0.hasPrefix("-") }, target: target)
    }

    private static func replay(_ paths: [String], target: FuzzTarget) -> CInt {
        var count = 0
        for path in paths {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("cannot read \(file)\n".utf8))
                    return 1
                }
                let bytes = [UInt8](data)
                _ = bytes.withUnsafeBufferPointer { target($0.baseAddress, $0.count) }
                count += 1
            }
        }
        FileHandle.standardError.write(Data("replayed \(count) inputs without libFuzzer\n".utf8))
        return 0
    }

    /// The files of a folder (sorted, not recursive), or the path itself.
    private static func files(at path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { path + "/" + $0 }
    }
}
