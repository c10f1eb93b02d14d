#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoBasics

/// Parses HTTP `Link` headers (RFC 8288) far enough for ACME: target URLs and their `rel` values.
enum LinkHeader {
    /// The targets of every link whose `rel` includes `relation`, in order, resolved against `base`.
    static func targets(_ values: [String], relation: String, base: String) -> [String] {
        var result: [String] = []
        for value in values {
            for link in splitLinks(value) {
                guard let (target, parameters) = parseLink(link) else { continue }
                let rels = parameters["rel"]?.split(separator: " ").map { $0.lowercased() } ?? []
                guard rels.contains(relation.lowercased()) else { continue }
                if let resolved = URL(string: target, relativeTo: URL(string: base))?.absoluteString {
                    result.append(resolved)
                }
            }
        }
        return result
    }

    /// Splits a header value at the commas that separate links (not those inside `<...>` or quotes).
    static func splitLinks(_ value: String) -> [Substring] {
        var parts: [Substring] = []
        var start = value.startIndex
        var inAngle = false, inQuote = false
        var index = value.startIndex
        while index < value.endIndex {
            switch value[index] {
            case "<" where !inQuote: inAngle = true
            case ">" where !inQuote: inAngle = false
            case "\"" where !inAngle: inQuote.toggle()
            case "," where !inAngle && !inQuote:
                parts.append(value[start..<index])
                start = value.index(after: index)
            default: break
            }
            index = value.index(after: index)
        }
        parts.append(value[start...])
        return parts
    }

    /// `<target>; name=value; name="value"` → target and lowercased parameter names.
    static func parseLink(_ link: Substring) -> (String, [String: String])? {
        let trimmed = link.trimmed()
        guard trimmed.hasPrefix("<"), let close = trimmed.firstIndex(of: ">") else { return nil }
        let target = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
        var parameters: [String: String] = [:]
        for parameter in trimmed[trimmed.index(after: close)...].split(separator: ";") {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let name = pair[0].trimmed().lowercased()
            var value = pair[1].trimmed()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            if parameters[name] == nil { parameters[name] = value }
        }
        return (target, parameters)
    }
}
