import Foundation

/// A parsed `fieldSelector`: dotted field paths compared with `=`, `==` or `!=` (all must hold).
struct FieldSelector: Sendable, Equatable {
    /// One comparison.
    struct Requirement: Sendable, Equatable {
        /// Dotted path (`metadata.name`, `type`, `involvedObject.uid`).
        var field: String
        /// The text compared against.
        var value: String
        /// Whether the field must differ instead.
        var negated: Bool
    }

    /// The comparisons, all of which must match.
    var requirements: [Requirement]

    /// Parses selector text; 400 BadRequest when malformed.
    init(parsing text: String) throws(SandboxError) {
        requirements = []
        for term in text.split(separator: ",") {
            let trimmed = term.trimmingSpaces
            if trimmed.isEmpty { continue }
            var found = false
            for (op, negated) in [("!=", true), ("==", false), ("=", false)] {
                if let range = trimmed.range(of: op) {
                    let field = String(trimmed[..<range.lowerBound]).trimmingSpaces
                    guard !field.isEmpty else { break }
                    requirements.append(Requirement(field: field, value: String(trimmed[range.upperBound...]).trimmingSpaces,
                                                    negated: negated))
                    found = true
                    break
                }
            }
            if !found { throw SandboxError(.badRequest, "invalid field selector \"\(text)\": \"\(trimmed)\" has no operator") }
        }
    }

    /// Whether the object satisfies every comparison (a missing field compares as "").
    func matches(_ object: SandboxObject) -> Bool {
        requirements.allSatisfy { requirement in
            let actual = object.fieldText(requirement.field) ?? ""
            return (actual == requirement.value) != requirement.negated
        }
    }
}
