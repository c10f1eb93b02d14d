import Foundation
import KubeLegoKube
import KubeLegoSandbox
import Testing

/// Create, get, update, delete over HTTP with the real server's stamps, codes and Status errors.
@Suite struct ObjectLifecycleTests {
    @Test func createStampsServerFieldsAndAnswers201() async throws {
        try await withSandbox { server, http in
            let before = server.resourceVersion
            let created = try http.request("POST", "/apis/networking.k8s.io/v1/namespaces/default/ingresses",
                                           body: ingressJSON("web"))
            #expect(created.status == 201)
            #expect(created.headers["content-type"] == "application/json")
            let json = created.json
            #expect(json.text("kind") == "Ingress")
            #expect(json.text("apiVersion") == "networking.k8s.io/v1")
            #expect(json.text("metadata.namespace") == "default")
            #expect(json.at("metadata.generation") == .int(1))
            #expect(Int(json.text("metadata.resourceVersion") ?? "") == before + 1)
            let uid = try #require(json.text("metadata.uid"))
            #expect(uid.count == 36 && uid == uid.lowercased())
            let stamp = try #require(json.text("metadata.creationTimestamp"))
            #expect(stamp.count == 20 && stamp.hasSuffix("Z") && stamp.contains("T"))
            #expect(json.text("metadata.annotations.kubernetes.io/tls-acme") == nil) // dots are keys, not paths
            #expect(json["metadata"]?["annotations"]?["kubernetes.io/tls-acme"] == "true")

            let fetched = try http.request("GET", "/apis/networking.k8s.io/v1/namespaces/default/ingresses/web")
            #expect(fetched.status == 200)
            #expect(fetched.json == json)
        }
    }

    @Test func secondCreateIs409AlreadyExistsStatus() async throws {
        try await withSandbox { _, http in
            _ = try http.request("POST", "/api/v1/namespaces/default/secrets", body: secretJSON("s"))
            let again = try http.request("POST", "/api/v1/namespaces/default/secrets", body: secretJSON("s"))
            #expect(again.status == 409)
            let status = again.json
            #expect(status.text("kind") == "Status")
            #expect(status.text("apiVersion") == "v1")
            #expect(status.text("status") == "Failure")
            #expect(status.text("reason") == "AlreadyExists")
            #expect(status.text("details.name") == "s")
            #expect(status.text("details.kind") == "secrets")
            #expect(status.at("code") == .int(409))
            #expect(status.text("message") == "secrets \"s\" already exists")
        }
    }

    @Test func missingObjectsAndNamespacesAre404() async throws {
        try await withSandbox { _, http in
            let get = try http.request("GET", "/api/v1/namespaces/default/configmaps/nope")
            #expect(get.status == 404)
            #expect(get.json.text("reason") == "NotFound")
            #expect(get.json.text("message") == "configmaps \"nope\" not found")
            let ingress = try http.request("DELETE", "/apis/networking.k8s.io/v1/namespaces/default/ingresses/nope")
            #expect(ingress.status == 404)
            #expect(ingress.json.text("details.group") == "networking.k8s.io")
            let put = try http.request("PUT", "/api/v1/namespaces/default/secrets/nope", body: secretJSON("nope"))
            #expect(put.status == 404)
            let inMissingNamespace = try http.request("POST", "/api/v1/namespaces/ghost/secrets", body: secretJSON("s"))
            #expect(inMissingNamespace.status == 404)
            #expect(inMissingNamespace.json.text("message") == "namespaces \"ghost\" not found")
            let unknownPath = try http.request("GET", "/api/v1/pods")
            #expect(unknownPath.status == 404)
            #expect(unknownPath.json.text("kind") == "Status")
        }
    }

    @Test func namespaceInBodyMustMatchTheURL() async throws {
        try await withSandbox { _, http in
            let mismatch = try http.request("POST", "/api/v1/namespaces/default/secrets",
                                            body: secretJSON("s", namespace: "kube-system"))
            #expect(mismatch.status == 400)
            #expect(mismatch.json.text("reason") == "BadRequest")
            let defaulted = try http.request("POST", "/api/v1/namespaces/kube-system/secrets", body: secretJSON("s"))
            #expect(defaulted.status == 201)
            #expect(defaulted.json.text("metadata.namespace") == "kube-system")
        }
    }

    @Test func generateNameAddsAFiveCharacterSuffix() async throws {
        try await withSandbox { _, http in
            let body = #"{"metadata":{"generateName":"lego-"},"data":{}}"#
            let first = try http.request("POST", "/api/v1/namespaces/default/configmaps", body: body)
            let second = try http.request("POST", "/api/v1/namespaces/default/configmaps", body: body)
            #expect(first.status == 201 && second.status == 201)
            let name = try #require(first.json.text("metadata.name"))
            #expect(name.hasPrefix("lego-") && name.count == 10)
            #expect(first.json.text("metadata.generateName") == "lego-")
            #expect(name != second.json.text("metadata.name"))
        }
    }

    @Test func putWithStaleResourceVersionIs409ConflictAndWithoutItIsUnconditional() async throws {
        try await withSandbox { _, http in
            let created = try http.request("POST", "/api/v1/namespaces/default/secrets", body: secretJSON("s"))
            let version = try #require(created.json.text("metadata.resourceVersion"))
            let update = try http.request("PUT", "/api/v1/namespaces/default/secrets/s",
                body: secretJSON("s", data: ["k": "dg=="], resourceVersion: version))
            #expect(update.status == 200)
            #expect(update.json.text("metadata.uid") == created.json.text("metadata.uid"))
            #expect(update.json.text("metadata.creationTimestamp") == created.json.text("metadata.creationTimestamp"))
            #expect(Int(update.json.text("metadata.resourceVersion") ?? "")! > Int(version)!)

            let stale = try http.request("PUT", "/api/v1/namespaces/default/secrets/s",
                body: secretJSON("s", data: ["k": "dw=="], resourceVersion: version))
            #expect(stale.status == 409)
            #expect(stale.json.text("reason") == "Conflict")
            #expect(stale.json.text("message") == "Operation cannot be fulfilled on secrets \"s\": the object has been "
                + "modified; please apply your changes to the latest version and try again")

            let unconditional = try http.request("PUT", "/api/v1/namespaces/default/secrets/s",
                body: secretJSON("s", data: ["k": "eA=="]))
            #expect(unconditional.status == 200)
            #expect(unconditional.json.text("data.k") == "eA==")
        }
    }

    @Test func generationFollowsSpecChangesOnly() async throws {
        try await withSandbox { _, http in
            let path = "/apis/networking.k8s.io/v1/namespaces/default/ingresses/web"
            _ = try http.request("POST", "/apis/networking.k8s.io/v1/namespaces/default/ingresses", body: ingressJSON("web"))
            let labelled = try http.request("PATCH", path, body: #"{"metadata":{"labels":{"a":"b"}}}"#,
                                            contentType: "application/merge-patch+json")
            #expect(labelled.json.at("metadata.generation") == .int(1))
            let respec = try http.request("PATCH", path, body: #"{"spec":{"ingressClassName":"other"}}"#,
                                          contentType: "application/merge-patch+json")
            #expect(respec.json.at("metadata.generation") == .int(2))
            let secret = try http.request("POST", "/api/v1/namespaces/default/secrets", body: secretJSON("s"))
            #expect(secret.json.at("metadata.generation") == nil)
        }
    }

    @Test func unchangedUpdateKeepsTheResourceVersion() async throws {
        try await withSandbox { _, http in
            let created = try http.request("POST", "/api/v1/namespaces/default/secrets", body: secretJSON("s"))
            let same = try http.request("PUT", "/api/v1/namespaces/default/secrets/s", body: created.text)
            #expect(same.status == 200)
            #expect(same.json.text("metadata.resourceVersion") == created.json.text("metadata.resourceVersion"))
        }
    }

    @Test func statusIsASubresourceForIngresses() async throws {
        try await withSandbox { _, http in
            let base = "/apis/networking.k8s.io/v1/namespaces/default/ingresses"
            _ = try http.request("POST", base, body: ingressJSON("web"))
            let status = #"{"status":{"loadBalancer":{"ingress":[{"ip":"10.0.0.1"}]}}}"#
            let ignored = try http.request("PATCH", base + "/web", body: status, contentType: "application/merge-patch+json")
            #expect(ignored.json.at("status.loadBalancer.ingress") == nil)
            let written = try http.request("PATCH", base + "/web/status", body: status,
                                           contentType: "application/merge-patch+json")
            #expect(written.status == 200)
            #expect(written.json.text("status.loadBalancer.ingress.0.ip") == "10.0.0.1")
            #expect(written.json.at("metadata.generation") == .int(1))
        }
    }

    @Test func deleteAnswersTheObjectAndHonoursPreconditions() async throws {
        try await withSandbox { _, http in
            let created = try http.request("POST", "/api/v1/namespaces/default/secrets", body: secretJSON("s"))
            let wrong = try http.request("DELETE", "/api/v1/namespaces/default/secrets/s",
                                         body: #"{"preconditions":{"uid":"not-it"}}"#)
            #expect(wrong.status == 409)
            let deleted = try http.request("DELETE", "/api/v1/namespaces/default/secrets/s")
            #expect(deleted.status == 200)
            #expect(deleted.json.text("metadata.uid") == created.json.text("metadata.uid"))
            #expect(try http.request("GET", "/api/v1/namespaces/default/secrets/s").status == 404)
        }
    }

    @Test func namespacesAreClusterScopedAndDeletingOneDeletesItsObjects() async throws {
        try await withSandbox { server, http in
            let created = try http.request("POST", "/api/v1/namespaces", body: #"{"metadata":{"name":"team"}}"#)
            #expect(created.status == 201)
            #expect(created.json.at("metadata.namespace") == nil)
            #expect(created.json.text("status.phase") == "Active")
            _ = try http.request("POST", "/api/v1/namespaces/team/secrets", body: secretJSON("s"))
            #expect(server.objects(kind: "Secret", namespace: "team").count == 1)
            #expect(try http.request("DELETE", "/api/v1/namespaces/team").status == 200)
            #expect(server.objects(kind: "Secret").isEmpty)
            let classes = try http.request("POST", "/apis/networking.k8s.io/v1/ingressclasses",
                body: #"{"metadata":{"name":"nginx"},"spec":{"controller":"k8s.io/ingress-nginx"}}"#)
            #expect(classes.status == 201)
            #expect(try http.request("GET", "/apis/networking.k8s.io/v1/ingressclasses/nginx").status == 200)
        }
    }

    @Test func everyServedResourceRoundTrips() async throws {
        try await withSandbox { _, http in
            let bodies: [(String, String)] = [
                ("/api/v1/namespaces/default/services", #"{"metadata":{"name":"svc"},"spec":{"ports":[{"port":80}]}}"#),
                ("/api/v1/namespaces/default/endpoints", #"{"metadata":{"name":"svc"},"subsets":[]}"#),
                ("/api/v1/namespaces/default/configmaps", #"{"metadata":{"name":"cm"},"data":{"a":"b"}}"#),
                ("/api/v1/namespaces/default/events",
                 #"{"metadata":{"name":"ev.1"},"involvedObject":{"kind":"Ingress","name":"web"},"reason":"Issued"}"#),
                ("/apis/coordination.k8s.io/v1/namespaces/default/leases",
                 #"{"metadata":{"name":"kube-lego"},"spec":{"holderIdentity":"me","leaseDurationSeconds":15}}"#),
            ]
            for (path, body) in bodies {
                let created = try http.request("POST", path, body: body)
                #expect(created.status == 201, "\(path): \(created.text)")
                let name = try #require(created.json.text("metadata.name"))
                let fetched = try http.request("GET", "\(path)/\(name)")
                #expect(fetched.json == created.json)
            }
        }
    }

    @Test func keepAliveServesManyRequestsOnOneConnection() async throws {
        try await withSandbox { _, http in
            for index in 0..<20 {
                let answer = try http.request("POST", "/api/v1/namespaces/default/configmaps",
                                              body: #"{"metadata":{"name":"cm\#(index)"}}"#)
                #expect(answer.status == 201)
            }
        }
    }

    @Test func concurrentWritersWithOneResourceVersionGetExactlyOneSuccess() async throws {
        try await withSandbox { server, http in
            let created = try http.request("POST", "/api/v1/namespaces/default/configmaps", body: #"{"metadata":{"name":"c"}}"#)
            let version = try #require(created.json.text("metadata.resourceVersion"))
            let port = server.port
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        let connection = try RawHTTPConnection(port: port)
                        return try connection.request("PUT", "/api/v1/namespaces/default/configmaps/c",
                            body: #"{"metadata":{"name":"c","resourceVersion":"\#(version)"},"data":{"w":"\#(writer)"}}"#).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 1)
            #expect(statuses.filter { $0 == 409 }.count == 7)
        }
    }

    @Test func healthNeedsNoTokenAndStopIsIdempotent() async throws {
        let server = try await SandboxAPIServer.start(SandboxOptions(bearerToken: "t"))
        let http = try RawHTTPConnection(port: server.port)
        let health = try http.request("GET", "/healthz")
        #expect(health.status == 200)
        #expect(health.text == "ok")
        #expect(try http.request("GET", "/version").status == 401)
        try await server.stop()
        try await server.stop()
    }

    @Test func expectContinueIsAnsweredSoLibcurlDoesNotStall() async throws {
        let scratch = try SandboxScratchDirectory()
        let body = try scratch.write("secret.json", secretJSON("big", data: ["k": String(repeating: "QUFB", count: 2000)]))
        try await withSandbox { server, _ in
            let result = try ProcessRunner.run("/usr/bin/curl", [
                "-sS", "-v", "--expect100-timeout", "30", "-H", "Expect: 100-continue", "-H", "Content-Type: application/json",
                "--data-binary", "@\(body)", "\(server.baseURL)/api/v1/namespaces/default/secrets",
            ])
            #expect(result.status == 0)
            #expect(result.stderr.contains("HTTP/1.1 100 Continue"))
            #expect(result.stderr.contains("HTTP/1.1 201 Created"))
        }
    }

    @Test func servicesGetDefaultsAndAnImmutableClusterIP() async throws {
        try await withSandbox { _, http in
            let base = "/api/v1/namespaces/default/services"
            let first = try http.request("POST", base, body: #"{"metadata":{"name":"a"},"spec":{"ports":[{"port":80}]}}"#)
            let second = try http.request("POST", base, body: #"{"metadata":{"name":"b"},"spec":{"ports":[{"port":80}]}}"#)
            #expect(first.json.text("spec.type") == "ClusterIP")
            #expect(first.json.at("spec.ports.0.targetPort") == .int(80))
            #expect(first.json.text("spec.ports.0.protocol") == "TCP")
            let ip = try #require(first.json.text("spec.clusterIP"))
            #expect(ip.hasPrefix("10.96."))
            #expect(ip != second.json.text("spec.clusterIP"))
            #expect(first.json["spec"]?["clusterIPs"] == [.string(ip)])
            let replaced = try http.request("PUT", base + "/a", body: #"{"metadata":{"name":"a"},"spec":{"ports":[{"port":81}]}}"#)
            #expect(replaced.status == 200)
            #expect(replaced.json.text("spec.clusterIP") == ip)
            let moved = try http.request("PATCH", base + "/a", body: #"{"spec":{"clusterIP":"10.0.0.9"}}"#,
                                         contentType: "application/merge-patch+json")
            #expect(moved.status == 422)
            #expect(moved.json.text("details.causes.0.field") == "spec.clusterIP")
        }
    }
}
