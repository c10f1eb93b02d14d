import KubeLegoChallengeSolvers
import KubeLegoKube
import KubeLegoSandbox
import Testing

/// The data plane with a real nginx, and the sandbox's endpoints controller.
@Suite("nginx data plane")
struct NginxDataPlaneTests {
    @Test("routes hosts and paths to the Service's pods, 404 for unknown hosts and unrouted paths")
    func routing() async throws {
        try await withEnvironment(nginx: true) { env in
            let plane = try #require(env.dataPlane)
            try await withResponder(version: "app-backend") { _, appPort in
                await env.endpoints.add(SandboxPod(name: "app-1", namespace: "default", labels: ["app": "app"], port: appPort))
                try env.sandbox.create(selectorService("default", "app", selector: "app", port: 80, targetPort: 80))
                try env.sandbox.create(userIngress("default", "web", host: "x.example.com"))
                try env.sandbox.create(userIngress("default", "api", host: "y.example.com", paths: [("/api", "app", 80)]))
                try await plane.waitUntilCurrent()
                let root = try await plane.get(host: "x.example.com", path: "/")
                #expect(root.status == 200 && root.body == "ok")
                let missing = try await plane.get(host: "x.example.com", path: "/nothing")
                #expect(missing.status == 404 && missing.body.contains("app-backend"))
                let api = try await plane.get(host: "y.example.com", path: "/api/healthz")
                #expect(api.status == 404 && api.body.contains("app-backend"), "\(api) \(plane.renderedConfiguration)")
                let unrouted = try await plane.get(host: "y.example.com", path: "/")
                #expect(unrouted.status == 404 && !unrouted.body.contains("app-backend"))
                let unknown = try await plane.get(host: "unknown.example.com", path: "/")
                #expect(unknown.status == 404 && !unknown.body.contains("app-backend"))
                // The pod goes away: no endpoints → 503.
                await env.endpoints.removePod(namespace: "default", name: "app-1")
                try await plane.waitUntilCurrent()
                #expect(try await plane.get(host: "x.example.com", path: "/").status == 503)
            }
        }
    }

    @Test("only a changed rendering reloads nginx")
    func reloadsOnlyOnChange() async throws {
        try await withEnvironment(nginx: true) { env in
            let plane = try #require(env.dataPlane)
            let start = plane.reloadCount
            try env.sandbox.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "noise", "namespace": "default"]])
            try env.sandbox.create(userIngress("default", "other-class", host: "z.example.com", className: "gce"))
            try await plane.waitUntilCurrent()
            #expect(plane.reloadCount == start)
            try env.sandbox.create(userIngress("default", "web", host: "z.example.com"))
            try await plane.waitUntilCurrent()
            #expect(plane.reloadCount == start + 1)
            #expect(plane.renderedConfiguration.contains("server_name z.example.com;"))
            try await plane.waitUntilCurrent()
            #expect(plane.reloadCount == start + 1)
        }
    }

    @Test("the endpoints controller follows pods and selector Services, and leaves selector-less Endpoints alone")
    func endpointsController() async throws {
        try await withEnvironment { env in
            await env.endpoints.add(SandboxPod(name: "a", namespace: "default", labels: ["app": "web", "tier": "x"], port: 7001))
            await env.endpoints.add(SandboxPod(name: "b", namespace: "default", labels: ["app": "web"], address: "127.0.0.2", port: 7001))
            await env.endpoints.add(SandboxPod(name: "c", namespace: "other", labels: ["app": "web"], port: 7003))
            try env.sandbox.create(selectorService("default", "web", selector: "web", port: 80, targetPort: 8080, portName: "http"))
            try await waitFor { env.get(Endpoints.self, "default", "web")?.subsets.first?.addresses == ["127.0.0.1", "127.0.0.2"] }
            let subset = try #require(env.get(Endpoints.self, "default", "web")?.subsets.first)
            #expect(subset.ports.map(\.port) == [7001])
            #expect(subset.ports.map(\.name) == ["http"])
            await env.endpoints.removePod(namespace: "default", name: "b")
            #expect(env.get(Endpoints.self, "default", "web")?.subsets.first?.addresses == ["127.0.0.1"])
            // Selector-less Service: hand-written Endpoints stay as written.
            try env.sandbox.create(["apiVersion": "v1", "kind": "Service", "metadata": ["name": "manual", "namespace": "default"],
                                    "spec": ["ports": [["port": 80]]]])
            let manual = try env.sandbox.create(["apiVersion": "v1", "kind": "Endpoints",
                                                 "metadata": ["name": "manual", "namespace": "default"],
                                                 "subsets": [["addresses": [["ip": "10.1.1.1"]], "ports": [["port": 9]]]]])
            await env.endpoints.add(SandboxPod(name: "d", namespace: "default", labels: ["app": "web"], port: 7004))
            #expect(env.sandbox.object(kind: "Endpoints", namespace: "default", name: "manual") == manual)
            // Deleting the selector Service deletes its Endpoints.
            try env.sandbox.delete(kind: "Service", namespace: "default", name: "web")
            try await waitFor { env.get(Endpoints.self, "default", "web") == nil }
        }
    }
}

/// Polls `condition` every 10 ms for up to 5 s; records an issue when it never holds.
func waitFor(_ condition: () -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    for _ in 0..<500 {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition never held", sourceLocation: sourceLocation)
}
