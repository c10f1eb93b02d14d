/// Options of a list request.
public struct ListOptions: Sendable, Hashable {
    /// A label selector, e.g. `app=web,tier!=db` (see `LabelSelector`).
    public var labelSelector: String?
    /// A field selector, e.g. `metadata.name=web`.
    public var fieldSelector: String?
    /// The page size; nil asks for everything at once.
    public var limit: Int?
    /// The `continue` token of the previous page.
    public var continueToken: String?
    /// `resourceVersion` semantics of the list (e.g. `"0"` for any cached version); nil means most recent.
    public var resourceVersion: String?

    /// Options with the given selectors and page size.
    public init(labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil, continueToken: String? = nil) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continueToken = continueToken
    }

    var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if let labelSelector, !labelSelector.isEmpty { items.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { items.append(("fieldSelector", fieldSelector)) }
        if let limit { items.append(("limit", String(limit))) }
        if let continueToken, !continueToken.isEmpty { items.append(("continue", continueToken)) }
        if let resourceVersion { items.append(("resourceVersion", resourceVersion)) }
        return items
    }
}
