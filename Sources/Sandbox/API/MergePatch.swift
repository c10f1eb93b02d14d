import KubeLegoKube

/// RFC 7386 JSON merge patch. Also used for strategic merge patch: kubectl's annotate, label and
/// `patch --type merge` only send maps, where both behave alike (lists are replaced, not merged by key).
enum MergePatch {
    /// Applies `patch` to `target`.
    static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var result = target.objectValue ?? JSONObject()
        for (key, value) in changes {
            if value.isNull {
                result[key] = nil
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }
}
