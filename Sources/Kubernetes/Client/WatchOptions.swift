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
