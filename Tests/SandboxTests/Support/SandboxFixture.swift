import KubeLegoKube
import KubeLegoSandbox

/// Starts a sandbox on a free port for one test, hands it a raw connection, and always stops it.
func withSandbox(
    _ options: SandboxOptions = SandboxOptions(),
    _ body: (SandboxAPIServer, RawHTTPConnection) async throws -> Void
) async throws {
    let server = try await SandboxAPIServer.start(options)
    do {
        let connection = try RawHTTPConnection(port: server.port)
        try await body(server, connection)
    } catch {
        try await server.stop()
        throw error
    }
    try await server.stop()
}

extension JSONValue {
    /// The value at a dotted path (`metadata.name`); array indices as numbers.
    func at(_ path: String) -> JSONValue? {
        var current: JSONValue? = self
        for part in path.split(separator: ".") {
            if let index = Int(part), let array = current?.arrayValue {
                current = array.indices.contains(index) ? array[index] : nil
            } else {
                current = current?[String(part)]
            }
        }
        return current
    }

    /// The string at a dotted path.
    func text(_ path: String) -> String? { at(path)?.stringValue }
}

/// A Secret manifest as JSON text.
func secretJSON(_ name: String, namespace: String? = nil, labels: [String: String] = [:], type: String? = nil,
                data: [String: String] = [:], resourceVersion: String? = nil) -> String {
    var meta: JSONObject = ["name": .string(name)]
    if let namespace { meta["namespace"] = .string(namespace) }
    if let resourceVersion { meta["resourceVersion"] = .string(resourceVersion) }
    if !labels.isEmpty {
        var labelObject = JSONObject()
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) { labelObject[key] = .string(value) }
        meta["labels"] = .object(labelObject)
    }
    var object: JSONObject = ["apiVersion": "v1", "kind": "Secret", "metadata": .object(meta)]
    if let type { object["type"] = .string(type) }
    if !data.isEmpty {
        var dataObject = JSONObject()
        for (key, value) in data.sorted(by: { $0.key < $1.key }) { dataObject[key] = .string(value) }
        object["data"] = .object(dataObject)
    }
    return JSONValue.object(object).jsonText
}

/// An Ingress manifest as JSON text with one rule for `host`.
func ingressJSON(_ name: String, host: String = "a.example.com", pathType: String? = "Prefix",
                 className: String = "nginx") -> String {
    let pathTypeMember = pathType.map { ",\"pathType\":\"\($0)\"" } ?? ""
    return """
        {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"\(name)","annotations":{"kubernetes.io/tls-acme":"true"}},
        "spec":{"ingressClassName":"\(className)","tls":[{"hosts":["\(host)"],"secretName":"\(name)-tls"}],
        "rules":[{"host":"\(host)","http":{"paths":[{"path":"/"\(pathTypeMember),"backend":{"service":{"name":"web","port":{"number":80}}}}]}}]}}
        """
}
