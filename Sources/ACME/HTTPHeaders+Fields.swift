#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoBasics
import KubeLegoHTTP

extension HTTPHeaders {
    /// The first value of header `name`, without surrounding whitespace or line endings; nil when absent.
    func field(_ name: String) -> String? {
        self[name].map { $0.trimmed() }
    }

    /// Every value of header `name`, without surrounding whitespace or line endings.
    func fields(_ name: String) -> [String] {
        values(name).map { $0.trimmed() }
    }
}
