/// A typed view over one JSON object that reads and writes through `raw`.
public protocol JSONObjectView: Sendable, Hashable {
    /// The viewed object, including members the view does not model.
    var raw: JSONObject { get set }
    /// Wraps a raw object.
    init(raw: JSONObject)
}

extension JSONObject {
    /// The object members of the array at `key`, each wrapped as `View`.
    func views<View: JSONObjectView>(_ key: String) -> [View] {
        self[key]?.arrayValue?.compactMap { $0.objectValue.map(View.init(raw:)) } ?? []
    }

    /// Writes `views` as the array at `key`; an empty array removes the member.
    mutating func setViews<View: JSONObjectView>(_ key: String, _ views: [View]) {
        self[key] = views.isEmpty ? nil : .array(views.map { .object($0.raw) })
    }

    /// The object at `key` wrapped as `View`, or nil.
    func view<View: JSONObjectView>(_ key: String) -> View? {
        self[key]?.objectValue.map(View.init(raw:))
    }

    /// The strings in the array at `key`.
    func strings(_ key: String) -> [String] {
        self[key]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
