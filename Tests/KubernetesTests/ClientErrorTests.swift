import KubeLegoKube
import KubeLegoSandbox
import Testing

@Suite("KubeClient errors decoded from the sandbox's metav1.Status")
struct ClientErrorTests {
    @Test func notFoundAlreadyExistsAndConflictNameTheObjectAndVerb() async throws {
        try await withSandboxClient { _, client in
            let missing = await #expect(throws: KubeError.self) {
                try await client.get(Ingress.self, namespace: "default", name: "absent")
            }
            #expect(missing?.code == .notFound)
            #expect(missing?.status == 404)
            #expect(missing?.description.hasPrefix("get Ingress default/absent: ") == true, "\(missing?.description ?? "")")

            let first = try await client.create(configMap("dup"))
            let duplicate = await #expect(throws: KubeError.self) { try await client.create(configMap("dup")) }
            #expect(duplicate?.code == .alreadyExists)
            #expect(duplicate?.object == "ConfigMap default/dup")
            #expect(duplicate?.verb == "create")

            var newer = first
            newer.data["k"] = "newer"
            _ = try await client.replace(newer)
            var stale = first
            stale.data["k"] = "stale"
            let conflict = await #expect(throws: KubeError.self) { try await client.replace(stale) }
            #expect(conflict?.code == .conflict)
            #expect(conflict?.verb == "update")

            let preconditioned = await #expect(throws: KubeError.self) {
                try await client.delete(ConfigMap.self, namespace: "default", name: "dup", resourceVersion: first.metadata.resourceVersion)
            }
            #expect(preconditioned?.code == .conflict)
            let gone = await #expect(throws: KubeError.self) {
                try await client.delete(ConfigMap.self, namespace: "default", name: "never")
            }
            #expect(gone?.code == .notFound)
        }
    }

    @Test func invalidObjects() async throws {
        try await withSandboxClient { _, client in
            let badName = await #expect(throws: KubeError.self) { try await client.create(configMap("Not_A_Name")) }
            #expect(badName?.code == .invalid)
            #expect(badName?.status == 422)

            var tls = Secret(name: "tls", namespace: "default")
            tls.type = "kubernetes.io/tls"
            let incomplete = await #expect(throws: KubeError.self) { try await client.create(tls) }
            #expect(incomplete?.code == .invalid)

            var opaque = Secret(name: "opaque", namespace: "default")
            opaque.type = "Opaque"
            var created = try await client.create(opaque)
            created.type = "kubernetes.io/tls"
            created.data["tls.crt"] = [1]
            created.data["tls.key"] = [2]
            let immutable = await #expect(throws: KubeError.self) { try await client.replace(created) }
            #expect(immutable?.code == .invalid)
        }
    }

    @Test func unauthorizedWithoutTheRightToken() async throws {
        try await withSandboxClient(SandboxOptions(bearerToken: "right-token")) { server, client in
            let error = await #expect(throws: KubeError.self) { try await client.list(ConfigMap.self) }
            #expect(error?.code == .unauthorized)

            var settings = ConnectionSettings(server: server.baseURL)
            settings.bearerToken = .literal("right-token")
            let authorized = try KubeClient(settings: settings, logger: testLogger)
            let list = try await authorized.list(ConfigMap.self)
            #expect(list.items.isEmpty)
            await authorized.shutdown()
        }
    }

    @Test func throttledRequestsCarryRetryAfter() async throws {
        try await withSandboxClient(clientOptions: .noRetry) { server, client in
            server.faults = SandboxFaults(throttleRate: 1, retryAfterSeconds: 3)
            let error = await #expect(throws: KubeError.self) { try await client.list(Secret.self) }
            #expect(error?.code == .tooManyRequests)
            #expect(error?.retryAfter == .seconds(3))
            #expect(error?.isTransient == true)
        }
    }

    @Test(arguments: [500, 503])
    func serverErrors(status: Int) async throws {
        try await withSandboxClient(clientOptions: .noRetry) { server, client in
            server.faults = SandboxFaults(errors: [.list: .init(rate: 1, status: status)])
            let error = await #expect(throws: KubeError.self) { try await client.list(Ingress.self, namespace: "default") }
            #expect(error?.code == .serverError)
            #expect(error?.status == status)
            #expect(error?.object == "Ingress default/*")
        }
    }

    @Test func watchFromATooOldVersionIsGone() async throws {
        try await withSandboxClient(SandboxOptions(watchHistory: 3)) { _, client in
            let first = try await client.create(configMap("churn"))
            for round in 0..<10 {
                _ = try await client.mergePatch(ConfigMap.self, namespace: "default", name: "churn", patch: ["data": ["k": .string("\(round)")]])
            }
            let stream = try await client.watch(
                ConfigMap.self, namespace: "default", options: WatchOptions(resourceVersion: first.metadata.resourceVersion))
            var gone: KubeError?
            for try await event in stream {
                if case .error(let error) = event { gone = error }
            }
            #expect(gone?.code == .gone)
            #expect(gone?.status == 410)
        }
    }

    @Test func transportErrorsForAClosedPort() async throws {
        let client = try KubeClient(settings: ConnectionSettings(server: "http://127.0.0.1:1"), options: .noRetry, logger: testLogger)
        let error = await #expect(throws: KubeError.self) { try await client.serverVersion() }
        #expect(error?.code == .transport)
        await client.shutdown()
    }
}
