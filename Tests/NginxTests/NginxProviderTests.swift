import KubeLegoCore
import KubeLegoKube
import KubeLegoNginx
import KubeLegoProviderTestKit
import KubeLegoSandbox
import Testing

/// The provider against a real sandbox API server (the original's §10 H cases, adapted, and its bugs fixed).
@Suite("nginx provider")
struct NginxProviderTests {
    @Test("hosts of all exposed Ingresses are unioned, sorted, and a repeat changes nothing")
    func hostsUnion() async throws {
        try await withEnvironment { env in
            let provider = env.provider(try env.configuration())
            try await provider.expose(routes("default", "one", ["Domain1.example.com"]))
            try await provider.expose(routes("default", "two", ["domain3.example.com", "domain4.example.com"]))
            let ingress = try #require(env.get(Ingress.self, "kube-lego", "kube-lego-nginx"))
            #expect(ingress.rules.map(\.host) == ["domain1.example.com", "domain3.example.com", "domain4.example.com"])
            let version = ingress.metadata.resourceVersion
            try await provider.expose(routes("default", "two", ["domain3.example.com", "domain4.example.com"]))
            #expect(env.get(Ingress.self, "kube-lego", "kube-lego-nginx")?.metadata.resourceVersion == version)
            // The served Ingress's hosts are replaced, not added to.
            try await provider.expose(routes("default", "two", ["domain4.example.com"]))
            #expect(env.get(Ingress.self, "kube-lego", "kube-lego-nginx")?.rules.map(\.host) == ["domain1.example.com", "domain4.example.com"])
        }
    }

    @Test("the challenge Ingress and Service have the documented shape")
    func objectShape() async throws {
        try await withEnvironment { env in
            let provider = env.provider(try env.configuration(port: 8181))
            try await provider.expose(routes("default", "one", ["a.example.com"]))
            let ingress = try #require(env.get(Ingress.self, "kube-lego", "kube-lego-nginx"))
            let annotations = ingress.metadata.annotations
            for prefix in ["ingress.kubernetes.io/", "nginx.ingress.kubernetes.io/"] {
                #expect(annotations[prefix + "ssl-redirect"] == "false")
                #expect(annotations[prefix + "force-ssl-redirect"] == "false")
                #expect(annotations[prefix + "whitelist-source-range"] == "0.0.0.0/0,::/0")
            }
            #expect(annotations[Markers.managedAnnotation] == "true")
            #expect(annotations[Markers.challengeEndpointsAnnotation] == "true")
            #expect(ingress.metadata.labels[Markers.managedByLabel] == Markers.managedByValue)
            #expect(ingress.ingressClassName == "nginx")
            #expect(annotations["kubernetes.io/ingress.class"] == nil)
            #expect(ingress.tls.isEmpty)
            let path = try #require(ingress.rules.first?.paths.first)
            #expect(path.path == "/.well-known/acme-challenge")
            #expect(path.pathType == "Prefix")
            #expect(path.backend.serviceName == "kube-lego-nginx")
            #expect(path.backend.servicePort == .number(8181))
            let service = try #require(env.get(Service.self, "kube-lego", "kube-lego-nginx"))
            #expect(service.type == "ClusterIP")
            #expect(service.raw["spec"]?["selector"] == nil, "with leader election (the default) the Service selects no pod")
            let endpoints = try #require(env.get(Endpoints.self, "kube-lego", "kube-lego-nginx"), "its Endpoints name the leader")
            #expect(endpoints.raw["subsets"] == [["addresses": [["ip": "127.0.0.1"]], "ports": [["port": .int(8181), "protocol": "TCP"]]]])
            #expect(endpoints.metadata.labels[Markers.managedByLabel] == Markers.managedByValue)
            #expect(service.ports.count == 1)
            #expect(service.ports.first?.port == 8181)
            #expect(service.ports.first?.targetPort == .number(8181))
            #expect(service.metadata.annotations[Markers.managedAnnotation] == "true")
            #expect(service.specString("clusterIP") != nil)
        }
    }

    @Test("without leader election the Service selects app=LEGO_SERVICE_SELECTOR (every replica behind it)")
    func selectorWithoutLeaderElection() async throws {
        try await withEnvironment { env in
            let provider = env.provider(try env.configuration(["LEGO_LEADER_ELECTION": "false", "LEGO_SERVICE_SELECTOR": "lego"]))
            try await provider.expose(routes("default", "one", ["a.example.com"]))
            let service = try #require(env.get(Service.self, "kube-lego", "kube-lego-nginx"))
            #expect(service.selector.dictionary == ["app": "lego"])
        }
    }

    @Test("withdrawing the last hosts deletes both the challenge Ingress and the Service, really")
    func finalizeWithNoHostsDeletes() async throws {
        try await withEnvironment { env in
            let provider = env.provider(try env.configuration())
            try await provider.expose(routes("default", "one", ["a.example.com"]))
            try await provider.expose(routes("default", "two", ["b.example.com"]))
            try await provider.withdraw(ingress: ObjectReference(namespace: "default", name: "one"))
            #expect(env.get(Ingress.self, "kube-lego", "kube-lego-nginx")?.rules.map(\.host) == ["b.example.com"])
            try await provider.withdraw(ingress: ObjectReference(namespace: "default", name: "two"))
            #expect(env.get(Ingress.self, "kube-lego", "kube-lego-nginx") == nil)
            #expect(env.get(Service.self, "kube-lego", "kube-lego-nginx") == nil)
            #expect(env.get(Endpoints.self, "kube-lego", "kube-lego-nginx") == nil)
            // Withdrawing an Ingress that is not served is not an error.
            try await provider.withdraw(ingress: ObjectReference(namespace: "default", name: "gone"))
        }
    }

    @Test("each served class gets its own challenge Ingress with that class")
    func classPerServedIngress() async throws {
        try await withEnvironment { env in
            let configuration = try env.configuration(["LEGO_SUPPORTED_INGRESS_CLASS": "nginx,internal"])
            let provider = env.provider(configuration)
            try await provider.expose(routes("default", "public", ["a.example.com"]))
            try await provider.expose(routes("default", "private", ["b.example.com"], class: "internal"))
            let main = try #require(env.get(Ingress.self, "kube-lego", "kube-lego-nginx"))
            let other = try #require(env.get(Ingress.self, "kube-lego", "kube-lego-nginx-internal"))
            #expect(NginxProvider.challengeIngressName(for: "internal", settings: NginxSettings(), configuration: configuration) == "kube-lego-nginx-internal")
            #expect(main.ingressClassName == "nginx")
            #expect(main.rules.map(\.host) == ["a.example.com"])
            #expect(other.ingressClassName == "internal")
            #expect(other.rules.map(\.host) == ["b.example.com"])
            try await provider.withdraw(ingress: ObjectReference(namespace: "default", name: "private"))
            #expect(env.get(Ingress.self, "kube-lego", "kube-lego-nginx-internal") == nil)
            #expect(env.get(Ingress.self, "kube-lego", "kube-lego-nginx") != nil)
            #expect(env.get(Service.self, "kube-lego", "kube-lego-nginx") != nil)
        }
    }

    @Test("a class named by annotation is named by annotation on the challenge Ingress, never both ways")
    func classFromAnnotation() async throws {
        try await withEnvironment { env in
            let provider = env.provider(try env.configuration())
            try await provider.expose(routes("default", "one", ["a.example.com"], annotation: true))
            var ingress = try #require(env.get(Ingress.self, "kube-lego", "kube-lego-nginx"))
            #expect(ingress.metadata.annotations["kubernetes.io/ingress.class"] == "nginx")
            #expect(ingress.ingressClassName == nil)
            try await provider.withdraw(ingress: ObjectReference(namespace: "default", name: "one"))
            try await provider.expose(routes("default", "two", ["b.example.com"], annotation: false))
            ingress = try #require(env.get(Ingress.self, "kube-lego", "kube-lego-nginx"))
            #expect(ingress.metadata.annotations["kubernetes.io/ingress.class"] == nil)
            #expect(ingress.ingressClassName == "nginx")
        }
    }

    @Test("an existing challenge Ingress without the managed marker is not modified: Event and error")
    func refusesUnmanagedIngress() async throws {
        try await withEnvironment { env in
            let planted = try env.sandbox.create(userIngress("kube-lego", "kube-lego-nginx", host: "mine.example.com"))
            let provider = env.provider(try env.configuration())
            await #expect(throws: NginxProviderError.self) {
                try await provider.expose(routes("default", "one", ["a.example.com"]))
            }
            #expect(env.sandbox.object(kind: "Ingress", namespace: "kube-lego", name: "kube-lego-nginx") == planted)
            let events = await env.events.events
            #expect(events.contains {
                $0.severity == .warning && $0.regarding == ObjectReference(namespace: "default", name: "one")
                    && $0.message.contains("Ingress kube-lego/kube-lego-nginx")
            })
            // The Service made for the failed expose is not left behind.
            #expect(env.get(Service.self, "kube-lego", "kube-lego-nginx") == nil)
        }
    }

    @Test("an existing Service without the managed marker is not modified or deleted")
    func refusesUnmanagedService() async throws {
        try await withEnvironment { env in
            let planted = try env.sandbox.create(selectorService("kube-lego", "kube-lego-nginx", selector: "mine", port: 80, targetPort: 80))
            let provider = env.provider(try env.configuration())
            await #expect(throws: NginxProviderError.self) {
                try await provider.expose(routes("default", "one", ["a.example.com"]))
            }
            try await provider.withdraw(ingress: ObjectReference(namespace: "default", name: "one"))
            #expect(env.sandbox.object(kind: "Service", namespace: "kube-lego", name: "kube-lego-nginx") == planted)
            #expect(env.get(Ingress.self, "kube-lego", "kube-lego-nginx") == nil)
            #expect(await env.events.events.contains { $0.message.contains("Service kube-lego/kube-lego-nginx") })
        }
    }

    @Test("reconcile of a new instance removes leftovers of classes no longer served, and everything for []")
    func reconcileRemovesLeftovers() async throws {
        try await withEnvironment { env in
            let configuration = try env.configuration(["LEGO_SUPPORTED_INGRESS_CLASS": "nginx,internal"])
            let first = env.provider(configuration)
            try await first.expose(routes("default", "public", ["a.example.com"]))
            try await first.expose(routes("default", "private", ["b.example.com"], class: "internal"))
            let second = env.provider(configuration)
            try await second.reconcile(active: [routes("default", "public", ["a.example.com", "c.example.com"])])
            #expect(env.get(Ingress.self, "kube-lego", "kube-lego-nginx-internal") == nil)
            #expect(env.get(Ingress.self, "kube-lego", "kube-lego-nginx")?.rules.map(\.host) == ["a.example.com", "c.example.com"])
            try await env.provider(configuration).reconcile(active: [])
            #expect(env.sandbox.objects(kind: "Ingress", namespace: "kube-lego").isEmpty)
            #expect(env.get(Service.self, "kube-lego", "kube-lego-nginx") == nil)
        }
    }

    @Test("re-exposing keeps server-set Service fields and labels others added")
    func keepsServiceFields() async throws {
        try await withEnvironment { env in
            let provider = env.provider(try env.configuration())
            try await provider.expose(routes("default", "one", ["a.example.com"]))
            var service = try #require(env.get(Service.self, "kube-lego", "kube-lego-nginx"))
            let clusterIP = service.specString("clusterIP")
            service.metadata.labels["team"] = "platform"
            _ = try await env.kube.replace(service)
            try await provider.expose(routes("default", "two", ["b.example.com"]))
            let after = try #require(env.get(Service.self, "kube-lego", "kube-lego-nginx"))
            #expect(after.specString("clusterIP") == clusterIP)
            #expect(after.metadata.labels["team"] == "platform")
        }
    }

    @Test("it registers as nginx with its own settings, read from the binary's values")
    func registration() throws {
        var registry = ProviderRegistry()
        registry.register(NginxProvider.registration)
        #expect(registry.names == ["nginx"])
        #expect(registry.settings.map(\.variable) == ["LEGO_SERVICE_NAME_NGINX", "LEGO_INGRESS_NAME_NGINX"])
        let legacy = SettingValues(environment: ["LEGO_SERVICE_NAME": "old-svc", "LEGO_INGRESS_NAME": "old-ing"], declared: registry.settings)
        #expect(NginxSettings(legacy) == NginxSettings(serviceName: "old-svc", ingressName: "old-ing"))
        #expect(legacy.warnings.count == 2)
        let both = SettingValues(environment: ["LEGO_SERVICE_NAME": "old", "LEGO_SERVICE_NAME_NGINX": "new"], declared: registry.settings)
        #expect(NginxSettings(both).serviceName == "new")
        #expect(NginxSettings(SettingValues(environment: [:])) == NginxSettings(serviceName: "kube-lego-nginx", ingressName: "kube-lego-nginx"))
    }
}

extension Service {
    /// A string member of `spec`, for checks of server-set fields.
    func specString(_ key: String) -> String? {
        raw["spec"]?.objectValue?[key]?.stringValue
    }
}

/// Concurrent calls on one provider interleave at every API request; the last state must win.
@Suite("nginx provider concurrency")
struct NginxProviderConcurrencyTests {
    @Test("concurrent exposes and withdraws end with exactly the hosts still needed")
    func concurrentCalls() async throws {
        try await withEnvironment { env in
            let provider = env.provider(try env.configuration())
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        try await provider.expose(routes("default", "ing\(index)", ["h\(index).example.com"]))
                        if index % 3 == 0 {
                            try await provider.withdraw(ingress: ObjectReference(namespace: "default", name: "ing\(index)"))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let expected = (0..<12).filter { $0 % 3 != 0 }.map { "h\($0).example.com" }.sorted()
            #expect(env.get(Ingress.self, "kube-lego", "kube-lego-nginx")?.rules.compactMap(\.host) == expected)
        }
    }
}

/// Writes meet a concurrent writer: the sandbox answers some writes with a spurious 409 Conflict (at most 4 in
/// all, fewer than the 5 attempts the provider gives each write).
@Suite("nginx provider conflicts")
struct NginxProviderConflictTests {
    @Test("spurious 409s on create, update and delete are retried, with the resourceVersion re-read")
    func retriesConflicts() async throws {
        try await withEnvironment { env in
            let provider = env.provider(try env.configuration())
            env.sandbox.faults = SandboxFaults(spuriousConflictRate: 0.5, budget: 4)
            try await provider.expose(routes("default", "one", ["a.example.com"]))
            try await provider.expose(routes("default", "two", ["b.example.com"]))
            #expect(env.get(Ingress.self, "kube-lego", "kube-lego-nginx")?.rules.map(\.host) == ["a.example.com", "b.example.com"])
            try await provider.withdraw(ingress: ObjectReference(namespace: "default", name: "one"))
            try await provider.withdraw(ingress: ObjectReference(namespace: "default", name: "two"))
            #expect(env.get(Ingress.self, "kube-lego", "kube-lego-nginx") == nil)
            #expect(env.get(Service.self, "kube-lego", "kube-lego-nginx") == nil)
        }
    }
}
