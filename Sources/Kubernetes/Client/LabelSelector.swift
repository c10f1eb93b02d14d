/// A label selector built from requirements, rendered in the API's query syntax and matchable locally.
public struct LabelSelector: Sendable, Hashable, CustomStringConvertible {
    /// One requirement on one label key.
    public enum Requirement: Sendable, Hashable {
        /// `key=value`.
        case equals(String, String)
        /// `key!=value` (also matches objects without the label).
        case notEquals(String, String)
        /// `key in (a,b)`.
        case isIn(String, [String])
        /// `key notin (a,b)`.
        case notIn(String, [String])
        /// `key`: the label is present.
        case exists(String)
        /// `!key`: the label is absent.
        case doesNotExist(String)
    }

    /// The requirements; all must hold.
    public var requirements: [Requirement]

    /// A selector requiring all `requirements`.
    public init(_ requirements: [Requirement]) {
        self.requirements = requirements
    }

    /// A selector requiring every label in `labels` to equal its value, keys sorted for a stable string.
    public init(matching labels: [String: String]) {
        self.requirements = labels.sorted { $0.key < $1.key }.map { .equals($0.key, $0.value) }
    }

    /// The query form, e.g. `app=web,tier in (a,b),!legacy`.
    public var description: String {
        requirements.map { requirement in
            switch requirement {
            case .equals(let key, let value): "\(key)=\(value)"
            case .notEquals(let key, let value): "\(key)!=\(value)"
            case .isIn(let key, let values): "\(key) in (\(values.joined(separator: ",")))"
            case .notIn(let key, let values): "\(key) notin (\(values.joined(separator: ",")))"
            case .exists(let key): key
            case .doesNotExist(let key): "!\(key)"
            }
        }.joined(separator: ",")
    }

    /// Whether `labels` satisfy every requirement.
    public func matches(_ labels: StringMap) -> Bool {
        matches { labels[$0] }
    }

    /// Whether `labels` satisfy every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        matches { labels[$0] }
    }

    /// Whether the labels `label` looks up satisfy every requirement.
    public func matches(_ label: (String) -> String?) -> Bool {
        requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let key, let value): label(key) == value
            case .notEquals(let key, let value): label(key) != value
            case .isIn(let key, let values): label(key).map(values.contains) ?? false
            case .notIn(let key, let values): !(label(key).map(values.contains) ?? false)
            case .exists(let key): label(key) != nil
            case .doesNotExist(let key): label(key) == nil
            }
        }
    }
}
