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
    /// How each event's object is rendered (a one-row Table for `kubectl get -w`, metadata only...).
    var view: ObjectView
}

extension APIRouter {
    /// A list with selectors and `limit`/`continue` pagination.
    func list(_ request: SandboxRequest, _ resource: ResourceType, _ namespace: String?) throws(SandboxError) -> SandboxResponse {
        let filter = try ObjectFilter(namespace: namespace, request: request)
        var after: ObjectKey?
        if let token = request.query["continue"], !token.isEmpty {
            guard let bytes = Base64.decodeURLSafe(token), let last = String(validating: bytes, as: UTF8.self),
                  let separator = last.firstIndex(of: "/")
            else {
                throw SandboxError(.badRequest, "continue key is not valid: illegal base64 data")
            }
            after = ObjectKey(namespace: String(last[..<separator]), name: String(last[last.index(after: separator)...]))
        }
        let limit = request.query["limit"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
        // Like the real server, remainingItemCount is only given for lists without selectors.
        let page = store.page(resource, namespace: namespace, after: after, limit: limit,
                              countRemaining: filter.labels == nil && filter.fields == nil, selected: filter.matches)
        var continueToken: String?
        if page.more, let last = page.objects.last {
            continueToken = Base64.encodeURLSafe(Array("\(last.namespace)/\(last.name)".utf8))
        }
        var meta: JSONObject = ["resourceVersion": .string(String(page.resourceVersion))]
        if let continueToken { meta["continue"] = .string(continueToken) }
        if let remaining = page.remaining { meta["remainingItemCount"] = .int(remaining) }
        return .json(ObjectView(request).renderList(resource, page.objects, listMetadata: meta))
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
                         bookmarks: request.flag("allowWatchBookmarks"), view: ObjectView(request))
    }
}
