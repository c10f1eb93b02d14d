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

/// Options of a watch request.
public struct WatchOptions: Sendable, Hashable {
    /// Where to start: events after this version; nil starts with synthetic ADDED events for current objects.
    public var resourceVersion: String?
    /// A label selector, as for lists.
    public var labelSelector: String?
    /// A field selector, as for lists.
    public var fieldSelector: String?
    /// Ask for BOOKMARK events that advance the resourceVersion without an object change.
    public var allowBookmarks: Bool
    /// How long the server keeps the stream open before ending it normally.
    public var timeoutSeconds: Int?

    /// Options for a watch from `resourceVersion`, with bookmarks, ending after `timeoutSeconds` (default 5 min).
    public init(
        resourceVersion: String? = nil, labelSelector: String? = nil, fieldSelector: String? = nil,
        allowBookmarks: Bool = true, timeoutSeconds: Int? = 300
    ) {
        self.resourceVersion = resourceVersion
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.allowBookmarks = allowBookmarks
        self.timeoutSeconds = timeoutSeconds
    }

    var queryItems: [(String, String)] {
        var items: [(String, String)] = [("watch", "true")]
        if let resourceVersion, !resourceVersion.isEmpty { items.append(("resourceVersion", resourceVersion)) }
        if let labelSelector, !labelSelector.isEmpty { items.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { items.append(("fieldSelector", fieldSelector)) }
        if allowBookmarks { items.append(("allowWatchBookmarks", "true")) }
        if let timeoutSeconds { items.append(("timeoutSeconds", String(timeoutSeconds))) }
        return items
    }
}

/// One page of a list, or all pages joined by `KubeClient.listAll`.
public struct ObjectList<Object: KubeResource>: Sendable {
    /// The objects in the page.
    public var items: [Object]
    /// The list's `metadata.resourceVersion`: watch from here to see every later change.
    public var resourceVersion: String
    /// The `metadata.continue` token for the next page; nil on the last page.
    public var continueToken: String?
}
