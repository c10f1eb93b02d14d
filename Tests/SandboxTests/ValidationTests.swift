import KubeLegoKube
import KubeLegoSandbox
import Testing

/// 422 Invalid answers with field causes, and the Secret defaulting that precedes validation.
@Suite struct ValidationTests {
    private func causes(_ response: RawHTTPConnection.Response) -> [String] {
        (response.json.at("details.causes")?.arrayValue ?? []).compactMap { $0["field"]?.stringValue }
    }

    @Test(arguments: ["Bad", "has_underscore", "-leading", "trailing-", String(repeating: "a", count: 254), "a..b"])
    func namesMustBeDNS1123Subdomains(_ name: String) async throws {
        try await withSandbox { _, http in
            let answer = try http.request("POST", "/api/v1/namespaces/default/configmaps",
                                          body: #"{"metadata":{"name":"\#(name)"}}"#)
            #expect(answer.status == 422)
            #expect(answer.json.text("reason") == "Invalid")
            #expect(answer.json.text("details.kind") == "ConfigMap")
            #expect(causes(answer) == ["metadata.name"])
        }
    }

    @Test func goodNamesAreAccepted() async throws {
        try await withSandbox { _, http in
            for name in ["a", "web-1", "www.example.com", String(repeating: "a", count: 63)] {
                let answer = try http.request("POST", "/api/v1/namespaces/default/configmaps",
                                              body: #"{"metadata":{"name":"\#(name)"}}"#)
                #expect(answer.status == 201, "\(name)")
            }
            let dotted = try http.request("POST", "/api/v1/namespaces", body: #"{"metadata":{"name":"a.b"}}"#)
            #expect(dotted.status == 422) // namespaces are DNS-1123 labels
        }
    }

    @Test func missingNameIs422() async throws {
        try await withSandbox { _, http in
            let answer = try http.request("POST", "/api/v1/namespaces/default/secrets", body: #"{"metadata":{}}"#)
            #expect(answer.status == 422)
            #expect(causes(answer) == ["metadata.name"])
        }
    }

    @Test func tlsSecretsNeedCertificateAndKey() async throws {
        try await withSandbox { _, http in
            let answer = try http.request("POST", "/api/v1/namespaces/default/secrets",
                body: secretJSON("t", type: "kubernetes.io/tls", data: ["tls.crt": "Y2VydA=="]))
            #expect(answer.status == 422)
            #expect(causes(answer) == ["data[tls.key]"])
            let good = try http.request("POST", "/api/v1/namespaces/default/secrets",
                body: secretJSON("t", type: "kubernetes.io/tls", data: ["tls.crt": "Y2VydA==", "tls.key": "a2V5"]))
            #expect(good.status == 201)
        }
    }

    @Test func secretTypeIsImmutable() async throws {
        try await withSandbox { _, http in
            _ = try http.request("POST", "/api/v1/namespaces/default/secrets",
                body: secretJSON("t", type: "kubernetes.io/tls", data: ["tls.crt": "Y2VydA==", "tls.key": "a2V5"]))
            let retyped = try http.request("PATCH", "/api/v1/namespaces/default/secrets/t",
                                           body: #"{"type":"Opaque"}"#, contentType: "application/merge-patch+json")
            #expect(retyped.status == 422)
            #expect(causes(retyped) == ["type"])
            #expect(retyped.json.text("message")?.contains("field is immutable") == true)
        }
    }

    @Test func secretDataMustBeBase64AndStringDataIsMergedIn() async throws {
        try await withSandbox { _, http in
            let bad = try http.request("POST", "/api/v1/namespaces/default/secrets",
                                       body: secretJSON("s", data: ["k": "not base64!"]))
            #expect(bad.status == 422)
            #expect(causes(bad) == ["data[k]"])
            let merged = try http.request("POST", "/api/v1/namespaces/default/secrets",
                body: #"{"metadata":{"name":"s"},"data":{"a":"YQ=="},"stringData":{"b":"hello"}}"#)
            #expect(merged.status == 201)
            #expect(merged.json.text("data.a") == "YQ==")
            #expect(merged.json.text("data.b") == "aGVsbG8=")
            #expect(merged.json.at("stringData") == nil)
            #expect(merged.json.text("type") == "Opaque")
        }
    }

    @Test func ingressPathsNeedASupportedPathType() async throws {
        try await withSandbox { _, http in
            let path = "/apis/networking.k8s.io/v1/namespaces/default/ingresses"
            let missing = try http.request("POST", path, body: ingressJSON("a", pathType: nil))
            #expect(missing.status == 422)
            #expect(causes(missing) == ["spec.rules[0].http.paths[0].pathType"])
            let unsupported = try http.request("POST", path, body: ingressJSON("b", pathType: "Regex"))
            #expect(unsupported.status == 422)
            #expect(unsupported.json.at("details.causes.0.reason") == "FieldValueNotSupported")
            for pathType in ["Exact", "Prefix", "ImplementationSpecific"] {
                #expect(try http.request("POST", path, body: ingressJSON("ok-\(pathType.lowercased())", pathType: pathType))
                    .status == 201)
            }
        }
    }

    @Test func bodyOfAnotherKindIs400() async throws {
        try await withSandbox { _, http in
            let answer = try http.request("POST", "/api/v1/namespaces/default/configmaps", body: secretJSON("s"))
            #expect(answer.status == 400)
            let garbage = try http.request("POST", "/api/v1/namespaces/default/configmaps", body: "{nope")
            #expect(garbage.status == 400)
            #expect(garbage.json.text("kind") == "Status")
        }
    }

    @Test func labelKeysAndValuesAreChecked() async throws {
        try await withSandbox { _, http in
            let longHost = String(repeating: "a", count: 60) + ".example.com"
            for labels in [#"{"app":"\#(longHost)"}"#, #"{"bad key":"x"}"#, #"{"a":"-x"}"#, #"{"UPPER.example/ok":"x"}"#] {
                let answer = try http.request("POST", "/api/v1/namespaces/default/configmaps",
                                              body: #"{"metadata":{"name":"c","labels":\#(labels)}}"#)
                #expect(answer.status == 422, "\(labels)")
                #expect(causes(answer) == ["metadata.labels"])
            }
            let good = try http.request("POST", "/api/v1/namespaces/default/configmaps",
                body: #"{"metadata":{"name":"c","labels":{"app.kubernetes.io/name":"kube-lego","empty":"","v":"1.2_3"}}}"#)
            #expect(good.status == 201)
        }
    }

    @Test func immutableSecretsAndConfigMapsKeepTheirData() async throws {
        try await withSandbox { _, http in
            let created = try http.request("POST", "/api/v1/namespaces/default/configmaps",
                                           body: #"{"metadata":{"name":"c"},"immutable":true,"data":{"a":"1"}}"#)
            #expect(created.status == 201)
            let changed = try http.request("PATCH", "/api/v1/namespaces/default/configmaps/c", body: #"{"data":{"a":"2"}}"#,
                                           contentType: "application/merge-patch+json")
            #expect(changed.status == 422)
            #expect(causes(changed) == ["data"])
            let labelled = try http.request("PATCH", "/api/v1/namespaces/default/configmaps/c",
                body: #"{"metadata":{"labels":{"x":"y"}}}"#, contentType: "application/merge-patch+json")
            #expect(labelled.status == 200)
        }
    }

    @Test func createWithAResourceVersionIsRefusedAsTheRealServerDoes() async throws {
        try await withSandbox { _, http in
            let answer = try http.request("POST", "/api/v1/namespaces/default/secrets",
                                          body: secretJSON("s", resourceVersion: "12"))
            #expect(answer.status == 500)
            #expect(answer.json.text("message") == "resourceVersion should not be set on objects to be created")
        }
    }
}
