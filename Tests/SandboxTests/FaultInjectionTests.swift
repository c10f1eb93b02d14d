import KubeLegoKube
import KubeLegoSandbox
import Testing

/// Injected faults: per-verb errors, budgets, spurious conflicts, throttling, latency and cut watch streams.
@Suite struct FaultInjectionTests {
    @Test func errorRatePerVerbServesTheChosenStatus() async throws {
        let faults = SandboxFaults(errors: [.list: .init(rate: 1, status: 503)])
        try await withSandbox(SandboxOptions(faults: faults)) { _, http in
            let list = try http.request("GET", "/api/v1/namespaces/default/secrets")
            #expect(list.status == 503)
            #expect(list.json.text("kind") == "Status")
            #expect(list.json.text("reason") == "ServiceUnavailable")
            #expect(list.json.at("code") == .int(503))
            #expect(try http.request("GET", "/api/v1/namespaces/default").status == 200) // get is not list
        }
    }

    @Test func faultsChangeAtRunTimeAndABudgetLimitsThem() async throws {
        try await withSandbox { server, http in
            #expect(try http.request("POST", "/api/v1/namespaces/default/configmaps", body: #"{"metadata":{"name":"a"}}"#)
                .status == 201)
            server.faults = SandboxFaults(errors: [.create: .init(rate: 1, status: 500)], budget: 2)
            let statuses = try (0..<3).map { index in
                try http.request("POST", "/api/v1/namespaces/default/configmaps", body: #"{"metadata":{"name":"b\#(index)"}}"#).status
            }
            #expect(statuses == [500, 500, 201])
            server.faults = SandboxFaults()
            #expect(try http.request("POST", "/api/v1/namespaces/default/configmaps", body: #"{"metadata":{"name":"c"}}"#)
                .status == 201)
        }
    }

    @Test func spuriousConflictsHitWritesOnly() async throws {
        try await withSandbox(SandboxOptions(faults: SandboxFaults(spuriousConflictRate: 1))) { server, http in
            let write = try http.request("POST", "/api/v1/namespaces/default/secrets", body: secretJSON("s"))
            #expect(write.status == 409)
            #expect(write.json.text("reason") == "Conflict")
            #expect(server.objects(kind: "Secret").isEmpty)
            #expect(try http.request("GET", "/api/v1/namespaces/default/secrets").status == 200)
        }
    }

    @Test func throttlingAnswers429WithRetryAfter() async throws {
        let faults = SandboxFaults(throttleRate: 1, retryAfterSeconds: 7)
        try await withSandbox(SandboxOptions(faults: faults)) { _, http in
            let answer = try http.request("GET", "/api/v1/namespaces/default/secrets")
            #expect(answer.status == 429)
            #expect(answer.headers["retry-after"] == "7")
            #expect(answer.json.text("reason") == "TooManyRequests")
            #expect(answer.json.at("details.retryAfterSeconds") == .int(7))
        }
    }

    @Test func latencyDelaysAnswers() async throws {
        try await withSandbox(SandboxOptions(faults: SandboxFaults(latency: .milliseconds(300)))) { _, http in
            let clock = ContinuousClock()
            let started = clock.now
            let status = try http.request("GET", "/version").status
            let elapsed = clock.now - started
            #expect(status == 200)
            #expect(elapsed >= .milliseconds(300))
        }
    }

    @Test func watchStreamsAreCutAfterNEvents() async throws {
        try await withSandbox(SandboxOptions(faults: SandboxFaults(cutWatchAfterEvents: 2))) { server, http in
            let start = server.resourceVersion
            for name in ["a", "b", "c"] {
                _ = try http.request("POST", "/api/v1/namespaces/default/configmaps", body: #"{"metadata":{"name":"\#(name)"}}"#)
            }
            let watcher = try RawHTTPConnection(port: server.port)
            try watcher.send("GET", "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=\(start)")
            _ = try watcher.readResponse(streaming: true)
            var received: [String] = []
            #expect(throws: RawHTTPConnection.WireError.self) {
                while let chunk = try watcher.nextChunk() {
                    let event = try JSONValue(parsing: chunk.dropLast())
                    received.append(event.text("object.metadata.name") ?? "")
                }
            }
            #expect(received == ["a", "b"])
        }
    }
}
