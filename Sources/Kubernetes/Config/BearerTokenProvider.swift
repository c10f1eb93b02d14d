#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoBasics
import Synchronization

/// Hands out the current bearer token; a token file is re-read whenever its identity, size or modification time
/// changes (kubelet rotates bound service-account tokens by swapping a symlinked directory).
final class BearerTokenProvider: Sendable {
    private struct FileState: Equatable {
        var inode: UInt64
        var size: UInt64
        var modified: Date
    }

    private struct Cache {
        var state: FileState?
        var token: String?
    }

    private let source: BearerTokenSource?
    private let cache = Mutex(Cache())

    /// A provider for `source`; nil means no token.
    init(source: BearerTokenSource?) {
        self.source = source
    }

    /// The token to send now, or nil when there is none; throws `.configuration` naming the file if it cannot be read.
    func currentToken() throws(KubeError) -> String? {
        switch source {
        case nil: return nil
        case .literal(let token): return token
        case .file(let path): return try tokenFromFile(path)
        }
    }

    private func tokenFromFile(_ path: String) throws(KubeError) -> String {
        let state = Self.fileState(path)
        if let cached = cache.withLock({ $0.state != nil && $0.state == state ? $0.token : nil }) {
            return cached
        }
        guard let data = FileManager.default.contents(atPath: path),
            let text = String(bytes: data, encoding: .utf8)
        else {
            throw KubeError(.configuration, "bearer token file \(path): cannot read it")
        }
        let token = text.trimmed()
        guard !token.isEmpty else {
            throw KubeError(.configuration, "bearer token file \(path): it is empty")
        }
        cache.withLock { $0 = Cache(state: state, token: token) }
        return token
    }

    private static func fileState(_ path: String) -> FileState? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return FileState(
            inode: number(attributes[.systemFileNumber]), size: number(attributes[.size]),
            modified: attributes[.modificationDate] as? Date ?? .distantPast)
    }

    /// FoundationEssentials gives file attributes as Swift integers (UInt64, UInt); each is cast by its own
    /// type, as `as? any BinaryInteger` fails once Foundation is loaded too (it boxes them as NSNumber).
    private static func number(_ value: Any?) -> UInt64 {
        switch value {
        case let number as UInt64: return number
        case let number as UInt: return UInt64(number)
        case let number as Int64: return UInt64(truncatingIfNeeded: number)
        case let number as Int: return UInt64(truncatingIfNeeded: number)
        default: return 0
        }
    }
}
