import KubeLegoCore
import KubeLegoKube
import KubeLegoSandbox

extension ProviderConformance {
    /// (1) expose → the key authorization comes back through the data plane.
    func checkExposeServes(_ fixture: ConformanceFixture) async throws -> [ConformanceFailure] {
        try await fixture.provider.expose(fixture.routes)
        if let seen = await waitUntilServed(fixture, served: true) {
            return [ConformanceFailure(.exposeServes,
                "GET http://\(fixture.host)\(fixture.challengePath) did not return the key authorization within \(fixture.wait); last saw \(seen)")]
        }
        try await fixture.provider.withdraw(ingress: fixture.routes.ingress)
        return []
    }

    /// (2) a second expose of the same routes writes nothing.
    func checkExposeIsIdempotent(_ fixture: ConformanceFixture) async throws -> [ConformanceFailure] {
        try await fixture.provider.expose(fixture.routes)
        if let seen = await waitUntilServed(fixture, served: true) {
            return [ConformanceFailure(.exposeIsIdempotent, "the first expose never served the route (last saw \(seen))")]
        }
        let before = versions(fixture.namespace)
        try await fixture.provider.expose(fixture.routes)
        let after = versions(fixture.namespace)
        try await fixture.provider.withdraw(ingress: fixture.routes.ingress)
        guard before == after else {
            let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
            return [ConformanceFailure(.exposeIsIdempotent, "exposing the same routes again changed \(changed.joined(separator: ", "))")]
        }
        return []
    }

    /// (3) withdraw → the route stops answering and no managed object is left in the namespace.
    func checkWithdraw(_ fixture: ConformanceFixture) async throws -> [ConformanceFailure] {
        try await fixture.provider.expose(fixture.routes)
        if let seen = await waitUntilServed(fixture, served: true) {
            return [ConformanceFailure(.withdrawRemovesRoute, "expose never served the route (last saw \(seen))")]
        }
        try await fixture.provider.withdraw(ingress: fixture.routes.ingress)
        return await routeAndObjectsGone(fixture, check: .withdrawRemovesRoute, after: "withdraw")
    }

    /// (4) a new instance's reconcile(active: []) removes an earlier instance's objects.
    func checkReconcile(_ fixture: ConformanceFixture) async throws -> [ConformanceFailure] {
        try await fixture.provider.expose(fixture.routes)
        if let seen = await waitUntilServed(fixture, served: true) {
            return [ConformanceFailure(.reconcileRemovesLeftovers, "expose never served the route (last saw \(seen))")]
        }
        let restarted = try makeProvider(fixture.context)
        try await restarted.reconcile(active: [])
        return await routeAndObjectsGone(fixture, check: .reconcileRemovesLeftovers, after: "reconcile(active: []) of a new instance")
    }

    /// (5) the user's objects (Ingress, or Gateway and HTTPRoute) are the same after expose + withdraw, unknown
    /// fields included.
    func checkUserIngressPreserved(_ fixture: ConformanceFixture) async throws -> [ConformanceFailure] {
        let kinds = source == .ingress ? ["Ingress"] : ["Gateway", "HTTPRoute"]
        let before = kinds.map { comparable(sandbox.object(kind: $0, namespace: fixture.namespace, name: "app")) }
        try await fixture.provider.expose(fixture.routes)
        if let seen = await waitUntilServed(fixture, served: true) {
            return [ConformanceFailure(.userIngressPreserved, "expose never served the route (last saw \(seen))")]
        }
        try await fixture.provider.withdraw(ingress: fixture.routes.ingress)
        _ = await waitUntilServed(fixture, served: false)
        let after = kinds.map { comparable(sandbox.object(kind: $0, namespace: fixture.namespace, name: "app")) }
        guard before == after else {
            return [ConformanceFailure(.userIngressPreserved,
                "\(kinds.joined(separator: "/")) \(fixture.namespace)/app changed: before \(before), after \(after)")]
        }
        return []
    }

    /// (6) objects with a challenge object's name but no managed marker are left alone, and it is reported.
    func checkUnmanaged(_ fixture: ConformanceFixture) async throws -> [ConformanceFailure] {
        var failures: [ConformanceFailure] = []
        for planted in unmanagedObjects(fixture.namespace, fixture.configuration) {
            let stored = try sandbox.create(planted)
            let kind = stored["kind"]?.stringValue ?? "?"
            let meta = stored["metadata"]?.objectValue
            let name = meta?["name"]?.stringValue ?? "?"
            let namespace = meta?["namespace"]?.stringValue ?? fixture.namespace
            let label = "\(kind) \(namespace)/\(name)"
            var threw = false
            do {
                try await fixture.provider.expose(fixture.routes)
            } catch {
                threw = true
            }
            let warned = await fixture.events.events.contains { $0.severity == .warning && $0.message.contains(name) }
            if !threw && !warned {
                failures.append(ConformanceFailure(.unmanagedObjectUntouched,
                    "expose neither threw nor emitted a Warning Event naming \(label)"))
            }
            let now = sandbox.object(kind: kind, namespace: namespace, name: name)
            if now != stored {
                failures.append(ConformanceFailure(.unmanagedObjectUntouched, "\(label) was modified or deleted: now \(String(describing: now))"))
            }
            try? await fixture.provider.withdraw(ingress: fixture.routes.ingress)
            _ = try? sandbox.delete(kind: kind, namespace: namespace, name: name)
        }
        return failures
    }
}
