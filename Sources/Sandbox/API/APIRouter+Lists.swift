import KubeLegoKube

/// A watch the HTTP handler should stream.
struct WatchPlan: Sendable {
    /// The resource watched.
    var resource: ResourceType
    /// Which objects are sent.
    var filter: ObjectFilter
    /// Replay events after this resourceVersion; nil (or "0") starts with ADDED events for current objects.
    var resourceVersion: Int?
    /// End the stream after this many seconds.
    var timeoutSeconds: Int?
    /// Send BOOKMARK events.
    var bookmarks: Bool
}

extension APIRouter {
    /// A list with selectors and `limit`/`continue` pagination.
    func list(_ request: SandboxRequest, _ resource: ResourceType, _ namespace: String?) throws(SandboxError) -> SandboxResponse {
        let filter = try ObjectFilter(namespace: namespace, request: request)
        let (objects, version) = store.list(resource, namespace: namespace)
        var selected = objects.filter(filter.matches)
        if let token = request.query["continue"], !token.isEmpty {
            guard let bytes = Base64.decode(token), let last = String(validating: bytes, as: UTF8.self),
                  let separator = last.firstIndex(of: "/")
            else {
                throw SandboxError(.badRequest, "continue key is not valid: illegal base64 data")
            }
            let after = ObjectKey(namespace: String(last[..<separator]), name: String(last[last.index(after: separator)...]))
            selected = selected.filter { $0.key > after }
        }
        var continueToken: String?
        var remaining: Int?
        if let limitText = request.query["limit"], let limit = Int(limitText), limit > 0, selected.count > limit {
            remaining = selected.count - limit
            selected = Array(selected.prefix(limit))
            if let last = selected.last {
                continueToken = Base64.encode(Array("\(last.namespace)/\(last.name)".utf8))
            }
        }
        return .json(.object(listObject(resource, items: selected.map { .object($0.json) }, resourceVersion: version,
                                        continueToken: continueToken, remaining: remaining)))
    }

    /// The plan for a `watch=1` request.
    func watchPlan(_ request: SandboxRequest, _ resource: ResourceType, _ namespace: String?) throws(SandboxError) -> WatchPlan {
        var version: Int?
        if let text = request.query["resourceVersion"], !text.isEmpty, text != "0" {
            guard let number = Int(text) else {
                throw SandboxError(.badRequest, "invalid resource version \"\(text)\"")
            }
            version = number
        }
        return WatchPlan(resource: resource, filter: try ObjectFilter(namespace: namespace, request: request),
                         resourceVersion: version, timeoutSeconds: request.query["timeoutSeconds"].flatMap { Int($0) },
                         bookmarks: request.flag("allowWatchBookmarks"))
    }
}
