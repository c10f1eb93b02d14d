import KubeLegoCore
import KubeLegoKube
import KubeLegoSandbox

extension ProviderConformance {
    /// Polls the challenge URL until it serves the key authorization (`served`) or stops serving it (`!served`).
    /// Returns nil on success, else a description of the last answer.
    func waitUntilServed(_ fixture: ConformanceFixture, served: Bool) async -> String? {
        let deadline = ContinuousClock.now + (served ? fixture.servingWait : fixture.wait)
        var last = "no answer"
        while true {
            do {
                let answer = try await dataPlane(fixture.host, fixture.challengePath)
                let serving = answer.status == 200 && answer.body == fixture.keyAuthorization
                if serving == served { return nil }
                last = "HTTP \(answer.status) \(answer.body.prefix(120))"
            } catch {
                last = "error \(error)"
            }
            if ContinuousClock.now >= deadline { return last }
            do { try await Task.sleep(for: .milliseconds(50)) } catch { return "cancelled" }
        }
    }

    /// Checks that the route is gone and no managed Service, Endpoints or Ingress remains in the namespace.
    func routeAndObjectsGone(_ fixture: ConformanceFixture, check: ConformanceCheck, after: String) async -> [ConformanceFailure] {
        if let seen = await waitUntilServed(fixture, served: false) {
            return [ConformanceFailure(check, "after \(after) the challenge URL of \(fixture.host) still answers (\(seen))")]
        }
        let deadline = ContinuousClock.now + fixture.wait
        var left = managedObjects(fixture.namespace)
        while !left.isEmpty, ContinuousClock.now < deadline {
            do { try await Task.sleep(for: .milliseconds(50)) } catch { break }
            left = managedObjects(fixture.namespace)
        }
        guard left.isEmpty else {
            return [ConformanceFailure(check, "after \(after) managed objects remain: \(left.joined(separator: ", "))")]
        }
        return []
    }

    /// The kinds a provider may write challenge objects as.
    var challengeKinds: [String] {
        source == .ingress ? ["Service", "Endpoints", "Ingress"] : ["Service", "Endpoints", "HTTPRoute", "ReferenceGrant"]
    }

    /// "Kind ns/name" → resourceVersion of every challenge-kind object in the namespace.
    func versions(_ namespace: String) -> [String: String] {
        var result: [String: String] = [:]
        for kind in challengeKinds {
            for object in sandbox.objects(kind: kind, namespace: namespace) {
                let meta = object["metadata"]?.objectValue
                result["\(kind) \(namespace)/\(meta?["name"]?.stringValue ?? "?")"] = meta?["resourceVersion"]?.stringValue ?? ""
            }
        }
        return result
    }

    /// The challenge-kind objects in the namespace carrying kube-lego's managed marker.
    func managedObjects(_ namespace: String) -> [String] {
        var result: [String] = []
        for kind in challengeKinds {
            for object in sandbox.objects(kind: kind, namespace: namespace) {
                let meta = object["metadata"]?.objectValue
                if Markers.isManaged(labels: strings(meta?["labels"]), annotations: strings(meta?["annotations"])) {
                    result.append("\(kind) \(namespace)/\(meta?["name"]?.stringValue ?? "?")")
                }
            }
        }
        return result
    }

    /// The object without the members a restore legitimately changes (resourceVersion, generation, managedFields)
    /// and without `status`, which the data plane writes, not the provider.
    func comparable(_ object: JSONObject?) -> String {
        guard var object else { return "absent" }
        object["status"] = nil
        var meta = object["metadata"]?.objectValue ?? [:]
        for key in ["resourceVersion", "generation", "managedFields"] { meta[key] = nil }
        object["metadata"] = .object(meta)
        return String(decoding: JSONValue.object(object).serialized(), as: UTF8.self)
    }

    private func strings(_ value: JSONValue?) -> [String: String] {
        var result: [String: String] = [:]
        for (key, member) in value?.objectValue ?? [:] {
            if let text = member.stringValue { result[key] = text }
        }
        return result
    }
}
