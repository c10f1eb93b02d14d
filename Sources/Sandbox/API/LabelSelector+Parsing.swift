import Foundation
import KubeLegoKube

/// Parsing of the `labelSelector` query parameter into the client's `LabelSelector`, whose matching the
/// server shares (`=`, `==`, `!=`, `in`, `notin`, exists, `!`exists).
extension LabelSelector {
    /// Parses selector text; 400 BadRequest when malformed.
    init(parsing text: String) throws(SandboxError) {
        var requirements: [Requirement] = []
        for term in Self.splitTerms(text) {
            let trimmed = term.trimmingSpaces
            if trimmed.isEmpty { continue }
            requirements.append(try Self.requirement(trimmed, in: text))
        }
        self.init(requirements)
    }

    /// Splits on commas outside parentheses.
    private static func splitTerms(_ text: String) -> [String] {
        var terms: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "(": depth += 1; current.append(character)
            case ")": depth -= 1; current.append(character)
            case "," where depth == 0: terms.append(current); current = ""
            default: current.append(character)
            }
        }
        terms.append(current)
        return terms
    }

    /// Parses one term.
    private static func requirement(_ term: String, in text: String) throws(SandboxError) -> Requirement {
        let bad = SandboxError(.badRequest, "unable to parse requirement: invalid label selector \"\(text)\"")
        if term.hasPrefix("!") {
            let key = String(term.dropFirst()).trimmingSpaces
            guard isKey(key) else { throw bad }
            return .doesNotExist(key)
        }
        for (op, make) in [("!=", Requirement.notEquals), ("==", Requirement.equals), ("=", Requirement.equals)] {
            if let range = term.range(of: op) {
                let key = String(term[..<range.lowerBound]).trimmingSpaces
                let value = String(term[range.upperBound...]).trimmingSpaces
                guard isKey(key), !value.contains(where: { " =!(),".contains($0) }) else { throw bad }
                return make(key, value)
            }
        }
        let words = term.split(separator: " ", maxSplits: 1).map(String.init)
        if words.count == 2 {
            let rest = words[1].trimmingSpaces
            for (op, make) in [("notin", Requirement.notIn), ("in", Requirement.isIn)] where rest.hasPrefix(op) {
                let list = rest.dropFirst(op.count).trimmingSpaces
                guard list.hasPrefix("("), list.hasSuffix(")"), isKey(words[0]) else { throw bad }
                let values = list.dropFirst().dropLast().split(separator: ",").map { String($0).trimmingSpaces }
                return make(words[0], values)
            }
            throw bad
        }
        guard isKey(term) else { throw bad }
        return .exists(term)
    }

    /// Whether text can be a label key (optional DNS prefix, then a name).
    private static func isKey(_ key: String) -> Bool {
        !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces.
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
