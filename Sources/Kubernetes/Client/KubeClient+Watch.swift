import Logging

import KubeLegoHTTP

extension KubeClient {
    /// Opens a watch on a collection and returns its events as they arrive.
    ///
    /// Returns once the server answered with headers; an error status (e.g. 410 for a too-old resourceVersion
    /// on servers that reject it up front) is thrown as a decoded `KubeError`. The server may also report 410 as
    /// an ERROR event inside the stream (`WatchEvent.error` with code `.gone`): relist then.
    public func watch<Object: KubeResource>(
        _ type: Object.Type, namespace: String? = nil, options: WatchOptions = .init()
    ) async throws(KubeError) -> WatchStream<Object> {
        let kind = Object.resourceKind
        let label = Self.label(kind, namespace, nil)
        let path = kind.collectionPath(namespace: namespace) + PathSegment.query(options.queryItems)
        var request = try makeRequest(method: "GET", path: path, verb: "watch", object: label)
        // The server ends the stream after timeoutSeconds; the client-side limit only catches a dead connection.
        request.timeout = options.timeoutSeconds.map { .seconds($0 + 30) }
        try await throttle(verb: "watch", object: label)
        let response: HTTPStreamingResponse
        do {
            response = try await http.stream(request)
        } catch {
            throw KubeError(error, verb: "watch", object: label)
        }
        logger.debug("watch opened", metadata: ["kube.path": "\(path)", "http.status": "\(response.status)"])
        guard (200..<300).contains(response.status) else {
            var body: [UInt8] = []
            do {
                for try await chunk in response.body where body.count < 1 << 20 { body.append(contentsOf: chunk) }
            } catch {
                // The status line already tells what failed; a broken error body only loses its message.
            }
            throw KubeError(status: response.status, headers: response.headers, body: body, verb: "watch", object: label)
        }
        return WatchStream(body: response.body, label: label)
    }
}
