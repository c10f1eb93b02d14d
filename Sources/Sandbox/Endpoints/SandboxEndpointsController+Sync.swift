import KubeLegoKube
import Logging
import Synchronization

extension SandboxEndpointsController {
    /// Brings every selector Service's Endpoints to what the registered pods say. Runs on the controller's thread.
    func sync() {
        let pods = state.withLock { Array($0.pods.values) }
        let services = store.list(.service, namespace: nil).objects
        var wanted: Set<String> = []
        for service in services {
            guard let desired = Self.endpoints(for: service, pods: pods) else { continue }
            let key = service.key
            wanted.insert(key.text)
            state.withLock { _ = $0.owned.insert(key.text) }
            write(desired, key: key)
        }
        let stale = state.withLock { state in
            let stale = state.owned.subtracting(wanted)
            state.owned = wanted
            return stale
        }
        for text in stale {
            let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            _ = try? store.delete(.endpoints, ObjectKey(namespace: parts[0], name: parts[1]))
        }
        passes.add(1, ordering: .relaxed)
    }

    /// The Endpoints a selector Service should have, or nil when it has no selector (or is an ExternalName).
    static func endpoints(for service: SandboxObject, pods: [SandboxPod]) -> SandboxObject? {
        let spec = service.json["spec"]?.objectValue ?? [:]
        var selector: [String: String] = [:]
        for (key, value) in spec["selector"]?.objectValue ?? [:] {
            if let text = value.stringValue { selector[key] = text }
        }
        guard !selector.isEmpty, spec["type"]?.stringValue != "ExternalName" else { return nil }
        let servicePorts = spec["ports"]?.arrayValue?.compactMap(\.objectValue) ?? []
        let selected = pods.filter { $0.namespace == service.namespace && $0.isSelected(by: selector) }
        var byPort: [Int: [String]] = [:]
        for pod in selected { byPort[pod.port, default: []].append(pod.address) }
        var subsets: [JSONValue] = []
        for port in byPort.keys.sorted() {
            let addresses = Set(byPort[port] ?? []).sorted().map { JSONValue.object(["ip": .string($0)]) }
            let ports = servicePorts.map { servicePort -> JSONValue in
                var entry: JSONObject = [:]
                if let name = servicePort["name"]?.stringValue, !name.isEmpty { entry["name"] = .string(name) }
                entry["port"] = .int(port)
                entry["protocol"] = servicePort["protocol"] ?? "TCP"
                return .object(entry)
            }
            subsets.append(["addresses": .array(addresses), "ports": .array(ports)])
        }
        var metadata: JSONObject = ["name": .string(service.name), "namespace": .string(service.namespace)]
        if let labels = service.metadata["labels"] { metadata["labels"] = labels }
        var json: JSONObject = ["apiVersion": "v1", "kind": "Endpoints", "metadata": .object(metadata)]
        if !subsets.isEmpty { json["subsets"] = .array(subsets) }
        return SandboxObject(json: json)
    }

    /// Creates or updates one Endpoints object; unchanged content writes nothing.
    private func write(_ desired: SandboxObject, key: ObjectKey) {
        do {
            _ = try store.update(.endpoints, key) { old in
                var next = old
                next.json["subsets"] = desired.json["subsets"]
                next.setMetadata("labels", desired.metadata["labels"])
                return next
            }
        } catch where error.code == .notFound {
            do {
                _ = try store.create(.endpoints, desired)
            } catch {
                logger.debug("sandbox endpoints: create failed", metadata: ["endpoints": "\(key.text)", "error": "\(error)"])
            }
        } catch {
            logger.debug("sandbox endpoints: update failed", metadata: ["endpoints": "\(key.text)", "error": "\(error)"])
        }
    }
}
