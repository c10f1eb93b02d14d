import Foundation
import KubeLegoKube
import KubeLegoSandbox
import Testing

/// The Gateway API kinds (gateway.networking.k8s.io) served as kube-apiserver serves their CRDs: discovery,
/// schema defaults, validation, generation and status subresources, RBAC, and kubectl.
@Suite struct GatewayAPITests {
    static let group = "/apis/gateway.networking.k8s.io"

    /// The fields of the causes of an Invalid answer.
    private func causes(_ response: RawHTTPConnection.Response) -> [String] {
        (response.json.at("details.causes")?.arrayValue ?? []).compactMap { $0["field"]?.stringValue }
    }

    /// A Gateway manifest as JSON text.
    static func gatewayJSON(_ name: String, listeners: String = #"[{"name":"http","protocol":"HTTP","port":80}]"#) -> String {
        #"{"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway","metadata":{"name":"\#(name)"},"spec":{"gatewayClassName":"sandbox","listeners":\#(listeners)}}"#
    }

    /// An HTTPRoute manifest as JSON text, with `spec` as given.
    static func httpRouteJSON(_ name: String, spec: String = #"{"parentRefs":[{"name":"web"}],"rules":[{"backendRefs":[{"name":"web","port":80}]}]}"#) -> String {
        #"{"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"\#(name)"},"spec":\#(spec)}"#
    }

    @Test func discoveryListsTheGatewayAPIGroupAndItsResources() async throws {
        try await withSandbox { _, http in
            let groups = try http.request("GET", "/apis")
            let names = (groups.json["groups"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            #expect(names.last == "gateway.networking.k8s.io")
            let group = try http.request("GET", Self.group)
            #expect(group.json.text("preferredVersion.groupVersion") == "gateway.networking.k8s.io/v1")
            #expect((group.json["versions"]?.arrayValue ?? []).compactMap { $0["version"]?.stringValue } == ["v1", "v1beta1"])
            let v1 = try http.request("GET", Self.group + "/v1")
            let resources = v1.json["resources"]?.arrayValue ?? []
            #expect(resources.compactMap { $0["name"]?.stringValue } == [
                "gateways", "gateways/status", "gatewayclasses", "gatewayclasses/status", "httproutes", "httproutes/status",
            ])
            func entry(_ name: String) -> JSONValue? { resources.first { $0["name"]?.stringValue == name } }
            #expect(entry("gateways")?["shortNames"] == ["gtw"])
            #expect(entry("gatewayclasses")?["shortNames"] == ["gc"])
            #expect(entry("gatewayclasses")?["namespaced"] == false)
            #expect(entry("httproutes")?["kind"] == "HTTPRoute")
            let v1beta1 = try http.request("GET", Self.group + "/v1beta1")
            #expect(v1beta1.json.at("resources.0.name") == "referencegrants")
            #expect(v1beta1.json.at("resources.0.shortNames") == ["refgrant"])
            #expect(v1beta1.json.at("resources.0.namespaced") == true)
        }
    }

    @Test func aGatewayNeedsAClassAndUniquelyNamedListenersWithValidHostnames() async throws {
        try await withSandbox { _, http in
            let path = Self.group + "/v1/namespaces/default/gateways"
            let empty = try http.request("POST", path, body: #"{"metadata":{"name":"g"},"spec":{}}"#)
            #expect(empty.status == 422)
            #expect(empty.json.text("reason") == "Invalid")
            #expect(empty.json.text("details.kind") == "Gateway")
            #expect(empty.json.text("details.group") == "gateway.networking.k8s.io")
            #expect(causes(empty) == ["spec.gatewayClassName", "spec.listeners"])
            let none = try http.request("POST", path, body: Self.gatewayJSON("g", listeners: "[]"))
            #expect(causes(none) == ["spec.listeners"])
            let duplicate = try http.request("POST", path, body: Self.gatewayJSON("g", listeners: """
                [{"name":"a","protocol":"HTTP","port":80},{"name":"a","protocol":"HTTP","port":8080,"hostname":"Bad_Host"},
                 {"name":"b","protocol":"HTTP","port":80,"hostname":"10.0.0.1"}]
                """))
            #expect(duplicate.status == 422)
            #expect(causes(duplicate) == ["spec.listeners[1].hostname", "spec.listeners[2].hostname", "spec.listeners"])
            #expect(duplicate.json.text("message")?.contains("Listener name must be unique within the Gateway") == true)
            let good = try http.request("POST", path, body: Self.gatewayJSON("g", listeners: """
                [{"name":"http","protocol":"HTTP","port":80},{"name":"wild","protocol":"HTTP","port":80,"hostname":"*.example.com"}]
                """))
            #expect(good.status == 201, "\(good.text)")
            #expect(good.json.text("spec.listeners.0.allowedRoutes.namespaces.from") == "Same")
            #expect(good.json.at("metadata.generation") == 1)
        }
    }

    @Test func anHTTPRouteNeedsValidHostnamesAndNamedParents() async throws {
        try await withSandbox { _, http in
            let path = Self.group + "/v1/namespaces/default/httproutes"
            let bad = try http.request("POST", path, body: Self.httpRouteJSON("r", spec: """
                {"hostnames":["ok.example.com","*.example.com","*bad.example.com","UPPER.example.com"],"parentRefs":[{"sectionName":"http"}],
                 "rules":[{"matches":[{"path":{"type":"Exact","value":"relative"}}],"backendRefs":[{"name":"web"}]}]}
                """))
            #expect(bad.status == 422)
            #expect(causes(bad) == ["spec.hostnames[2]", "spec.hostnames[3]", "spec.parentRefs[0].name",
                                    "spec.rules[0].matches[0].path", "spec.rules[0].backendRefs[0]"])
            let good = try http.request("POST", path, body: Self.httpRouteJSON("r"))
            #expect(good.status == 201, "\(good.text)")
        }
    }

    @Test func storedRoutesCarryTheSchemaDefaultsAndOmittingThemChangesNothing() async throws {
        try await withSandbox { _, http in
            let path = Self.group + "/v1/namespaces/default/httproutes"
            let created = try http.request("POST", path, body: Self.httpRouteJSON("r"))
            #expect(created.json.text("spec.parentRefs.0.group") == "gateway.networking.k8s.io")
            #expect(created.json.text("spec.parentRefs.0.kind") == "Gateway")
            #expect(created.json.text("spec.rules.0.matches.0.path.type") == "PathPrefix")
            #expect(created.json.text("spec.rules.0.matches.0.path.value") == "/")
            #expect(created.json.text("spec.rules.0.backendRefs.0.group") == "")
            #expect(created.json.text("spec.rules.0.backendRefs.0.kind") == "Service")
            #expect(created.json.at("spec.rules.0.backendRefs.0.weight") == 1)
            // The same object again, defaults left out: no spec change, no new generation.
            let same = try http.request("PUT", path + "/r", body: Self.httpRouteJSON("r"))
            #expect(same.status == 200)
            #expect(same.json.at("metadata.generation") == 1)
            let changed = try http.request("PUT", path + "/r", body: Self.httpRouteJSON("r", spec: #"{"parentRefs":[{"name":"other"}]}"#))
            #expect(changed.json.at("metadata.generation") == 2)
            // status is a subresource: ignored on the main resource, written through /status without a new generation.
            let ignored = try http.request("PATCH", path + "/r", body: #"{"status":{"parents":[]}}"#,
                                           contentType: "application/merge-patch+json")
            #expect(ignored.json.at("status") == nil)
            let status = try http.request("PATCH", path + "/r/status", body: #"{"status":{"parents":[]}}"#,
                                          contentType: "application/merge-patch+json")
            #expect(status.status == 200)
            #expect(status.json.at("status.parents") == [])
            #expect(status.json.at("metadata.generation") == 2)
        }
    }

    @Test func rbacDecidesOnTheGatewayAPIGroup() async throws {
        let account = SandboxServiceAccount(namespace: "kube-lego", name: "kube-lego")
        var options = SandboxOptions(initialNamespaces: ["default", "kube-lego", "shop"])
        options.authorization = SandboxAuthorization(adminTokens: ["admin"], serviceAccountTokens: ["sa": account])
        let bearer = [("Authorization", "Bearer sa")]
        try await withSandbox(options) { server, http in
            let path = Self.group + "/v1/namespaces/shop/httproutes"
            let refused = try http.request("POST", path, body: Self.httpRouteJSON("kube-lego-web"), headers: bearer)
            #expect(refused.status == 403)
            #expect(refused.json.text("reason") == "Forbidden")
            #expect(refused.json.text("details.group") == "gateway.networking.k8s.io")
            #expect(refused.json.text("message") == #"httproutes.gateway.networking.k8s.io is forbidden: User "system:serviceaccount:kube-lego:kube-lego" cannot create resource "httproutes" in API group "gateway.networking.k8s.io" in the namespace "shop""#)
            _ = try server.load(manifest: """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: routes, namespace: shop}
                rules: [{apiGroups: [gateway.networking.k8s.io], resources: [httproutes], verbs: [create, get]}]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: routes, namespace: shop}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: routes}
                subjects: [{kind: ServiceAccount, name: kube-lego, namespace: kube-lego}]
                """)
            #expect(try http.request("POST", path, body: Self.httpRouteJSON("kube-lego-web"), headers: bearer).status == 201)
            #expect(try http.request("GET", path + "/kube-lego-web/status", headers: bearer).status == 403, "status is its own resource")
            #expect(try http.request("GET", Self.group + "/v1/namespaces/default/httproutes", headers: bearer).status == 403)
        }
    }

    @Test func kubectlAppliesAndListsGatewayAPIObjects() async throws {
        let scratch = try SandboxScratchDirectory()
        try await withSandbox(SandboxOptions(initialNamespaces: ["default", "kube-lego", "shop"])) { server, _ in
            let kubectl = try Kubectl(kubeconfig: server.kubeconfig(), in: scratch)
            let manifest = try scratch.write("gateway.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: sandbox}
                spec: {controllerName: sandbox.kube-lego.io/nginx}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: web, namespace: shop}
                spec:
                  gatewayClassName: sandbox
                  listeners: [{name: http, protocol: HTTP, port: 80}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: kube-lego-web, namespace: shop}
                spec:
                  parentRefs: [{name: web, sectionName: http}]
                  hostnames: [shop.example.com]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /.well-known/acme-challenge/}}]
                    backendRefs: [{name: kube-lego-gateway, namespace: kube-lego, port: 8080}]
                ---
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: kube-lego-shop, namespace: kube-lego}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}]
                  to: [{group: "", kind: Service, name: kube-lego-gateway}]
                """)
            let applied = try kubectl("apply", "--validate=false", "-f", manifest)
            #expect(applied.status == 0, "\(applied.stderr)")
            #expect(applied.stdout.contains("httproute.gateway.networking.k8s.io/kube-lego-web created"))
            #expect(applied.stdout.contains("referencegrant.gateway.networking.k8s.io/kube-lego-shop created"))
            let again = try kubectl("apply", "--validate=false", "-f", manifest)
            #expect(again.status == 0, "\(again.stderr)")
            // Applied again: the schema defaults the file leaves out are no spec change.
            #expect(server.object(kind: "HTTPRoute", namespace: "shop", name: "kube-lego-web")?["metadata"]?["generation"] == 1)

            let listed = try kubectl("get", "gateways,httproutes,referencegrants", "-A")
            #expect(listed.status == 0, "\(listed.stderr)")
            for name in ["gateway.gateway.networking.k8s.io/web", "httproute.gateway.networking.k8s.io/kube-lego-web",
                         "referencegrant.gateway.networking.k8s.io/kube-lego-shop", "shop.example.com"] {
                #expect(listed.stdout.contains(name), "\(name) in \(listed.stdout)")
            }
            for short in ["gtw", "gc", "refgrant", "httproute"] {
                let answer = try kubectl("get", short, "-A", "-o", "name")
                #expect(answer.status == 0 && !answer.stdout.isEmpty, "\(short): \(answer.stderr)")
            }
            let classes = try kubectl("get", "gatewayclass")
            #expect(classes.stdout.contains("sandbox.kube-lego.io/nginx"))
            let yaml = try kubectl("get", "httproute", "-n", "shop", "kube-lego-web", "-o", "yaml")
            #expect(yaml.stdout.contains("kind: Gateway") && yaml.stdout.contains("weight: 1"))
            let deleted = try kubectl("delete", "referencegrant", "-n", "kube-lego", "kube-lego-shop")
            #expect(deleted.status == 0, "\(deleted.stderr)")
        }
    }
}
