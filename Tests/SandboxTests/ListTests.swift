import Foundation
import KubeLegoKube
import KubeLegoSandbox
import Testing

/// Lists: kinds, namespaces, label and field selectors, limit/continue pagination.
@Suite struct ListTests {
    private func names(_ response: RawHTTPConnection.Response) -> [String] {
        (response.json["items"]?.arrayValue ?? []).compactMap { $0.text("metadata.name") }
    }

    private func seed(_ http: RawHTTPConnection) throws {
        _ = try http.request("POST", "/api/v1/namespaces", body: #"{"metadata":{"name":"other"}}"#)
        let secrets: [(String, String, [String: String], String?)] = [
            ("a", "default", ["app": "web", "tier": "front"], nil),
            ("b", "default", ["app": "api"], nil),
            ("c", "default", [:], "kubernetes.io/service-account-token"),
            ("d", "other", ["app": "web"], nil),
        ]
        for (name, namespace, labels, type) in secrets {
            let answer = try http.request("POST", "/api/v1/namespaces/\(namespace)/secrets",
                                          body: secretJSON(name, labels: labels, type: type))
            #expect(answer.status == 201)
        }
    }

    @Test func listsCarryKindAndResourceVersion() async throws {
        try await withSandbox { server, http in
            try seed(http)
            let list = try http.request("GET", "/api/v1/namespaces/default/secrets")
            #expect(list.json.text("kind") == "SecretList")
            #expect(list.json.text("apiVersion") == "v1")
            #expect(list.json.text("metadata.resourceVersion") == String(server.resourceVersion))
            #expect(names(list) == ["a", "b", "c"])
            #expect(list.json.at("items.0.kind") == nil) // as on a real server: the list carries kind and apiVersion
            #expect(list.json.at("items.0.apiVersion") == nil)
            let all = try http.request("GET", "/api/v1/secrets")
            #expect(names(all) == ["a", "b", "c", "d"])
            let ingresses = try http.request("GET", "/apis/networking.k8s.io/v1/ingresses")
            #expect(ingresses.json.text("kind") == "IngressList")
            #expect(ingresses.json["items"] == [])
        }
    }

    @Test(arguments: [
        ("app=web", ["a", "d"]), ("app==web", ["a", "d"]), ("app!=web", ["b", "c"]),
        ("app in (web,api)", ["a", "b", "d"]), ("app notin (web)", ["b", "c"]), ("tier", ["a"]),
        ("!app", ["c"]), ("app=web,tier=front", ["a"]), ("app,!tier", ["b", "d"]),
    ])
    func labelSelectors(_ selector: String, _ expected: [String]) async throws {
        try await withSandbox { _, http in
            try seed(http)
            let encoded = selector.replacingOccurrences(of: " ", with: "+").replacingOccurrences(of: "=", with: "%3D")
                .replacingOccurrences(of: "!", with: "%21").replacingOccurrences(of: ",", with: "%2C")
            let list = try http.request("GET", "/api/v1/secrets?labelSelector=\(encoded)")
            #expect(list.status == 200)
            #expect(names(list) == expected)
        }
    }

    @Test func fieldSelectors() async throws {
        try await withSandbox { _, http in
            try seed(http)
            #expect(names(try http.request("GET", "/api/v1/secrets?fieldSelector=metadata.name%3Db")) == ["b"])
            #expect(names(try http.request("GET", "/api/v1/secrets?fieldSelector=metadata.namespace!%3Ddefault")) == ["d"])
            #expect(names(try http.request("GET",
                "/api/v1/secrets?fieldSelector=type%3Dkubernetes.io/service-account-token")) == ["c"])
            #expect(names(try http.request("GET", "/api/v1/secrets?fieldSelector=type!%3DOpaque,metadata.name%3Dc")) == ["c"])
            let bad = try http.request("GET", "/api/v1/secrets?fieldSelector=nonsense")
            #expect(bad.status == 400)
            let badLabels = try http.request("GET", "/api/v1/secrets?labelSelector=a+in+web")
            #expect(badLabels.status == 400)
        }
    }

    @Test func limitAndContinuePageThroughEverything() async throws {
        try await withSandbox { _, http in
            for index in 0..<7 {
                _ = try http.request("POST", "/api/v1/namespaces/default/configmaps",
                                     body: #"{"metadata":{"name":"cm-\#(index)"}}"#)
            }
            var seen: [String] = []
            var token: String?
            var pages = 0
            repeat {
                let query = token.map { "&continue=\($0)" } ?? ""
                let page = try http.request("GET", "/api/v1/namespaces/default/configmaps?limit=3\(query)")
                #expect(page.status == 200)
                seen += names(page)
                token = page.json.text("metadata.continue")
                if let token {
                    #expect(token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
                    #expect(page.json.at("metadata.remainingItemCount") == .int(7 - seen.count))
                } else {
                    #expect(page.json.at("metadata.remainingItemCount") == nil)
                }
                pages += 1
            } while token != nil && pages < 10
            #expect(pages == 3)
            #expect(token == nil)
            #expect(seen == (0..<7).map { "cm-\($0)" })
            let bad = try http.request("GET", "/api/v1/namespaces/default/configmaps?limit=3&continue=%21%21")
            #expect(bad.status == 400)
        }
    }

    @Test func eventsSelectByInvolvedObjectAsKubectlDescribeDoes() async throws {
        try await withSandbox { _, http in
            for (name, target) in [("e1", "web"), ("e2", "api")] {
                _ = try http.request("POST", "/api/v1/namespaces/default/events",
                    body: #"{"metadata":{"name":"\#(name)"},"involvedObject":{"kind":"Ingress","name":"\#(target)","namespace":"default"}}"#)
            }
            let list = try http.request("GET",
                "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dweb,involvedObject.namespace%3Ddefault")
            #expect(names(list) == ["e1"])
        }
    }
}
