import Foundation
import KubeLegoKube
import KubeLegoSandbox
import Testing

/// RBAC enforced over real HTTP: ServiceAccount tokens, 403 Status answers, and the deploy/ manifests loaded
/// as they are rendered.
@Suite struct RBACEnforcementTests {
    static let account = SandboxServiceAccount(namespace: "kube-lego", name: "kube-lego")
    static let authorization = SandboxAuthorization(adminTokens: ["admin"], serviceAccountTokens: ["sa": account])
    static let bearer = [("Authorization", "Bearer sa")]

    /// The repository's rendered deploy/ manifests (`kubectl kustomize deploy`).
    static func renderedDeploy() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let rendered = try ProcessRunner.run("/usr/bin/env", ["kubectl", "kustomize", root.appendingPathComponent("deploy").path])
        try #require(rendered.status == 0, "kubectl kustomize deploy failed: \(rendered.stderr)")
        return rendered.stdout
    }

    var options: SandboxOptions {
        var options = SandboxOptions(initialNamespaces: ["default", "kube-lego", "shop"])
        options.authorization = Self.authorization
        return options
    }

    @Test func authorizationIsOffUnlessEnabled() async throws {
        try await withSandbox { server, http in
            #expect((try? http.request("GET", "/api/v1/secrets"))?.status == 200)
            #expect(server.authorizationRecords.isEmpty)
        }
    }

    @Test func unknownTokensAreUnauthorizedAndAdminsMayDoAnything() async throws {
        try await withSandbox(options) { _, http in
            #expect((try? http.request("GET", "/api/v1/secrets"))?.status == 401)
            #expect((try? http.request("GET", "/api/v1/secrets", headers: [("Authorization", "Bearer nope")]))?.status == 401)
            #expect((try? http.request("GET", "/api/v1/secrets", headers: [("Authorization", "Bearer admin")]))?.status == 200)
        }
    }

    @Test func aServiceAccountWithoutBindingsIsRefusedWithAKubeAPIServerStatus() async throws {
        try await withSandbox(options) { server, http in
            #expect((try? http.request("GET", "/version", headers: Self.bearer))?.status == 200, "discovery stays open")
            let refused = try http.request("GET", "/api/v1/namespaces/shop/secrets/web-tls", headers: Self.bearer)
            #expect(refused.status == 403)
            #expect(refused.json.text("kind") == "Status")
            #expect(refused.json.text("reason") == "Forbidden")
            #expect(refused.json.at("code")?.intValue == 403)
            #expect(refused.json.text("details.name") == "web-tls")
            #expect(refused.json.text("details.kind") == "secrets")
            #expect(refused.json.text("message") == #"secrets "web-tls" is forbidden: User "system:serviceaccount:kube-lego:kube-lego" cannot get resource "secrets" in API group "" in the namespace "shop""#)
            let record = try #require(server.authorizationRecords.last)
            #expect(!record.allowed)
            #expect(record.attributes == RBACAttributes(verb: "get", apiGroup: "", resource: "secrets", namespace: "shop", name: "web-tls"))
        }
    }

    @Test func theDeployManifestsLoadAndGrantExactlyWhatTheySay() async throws {
        var options = self.options
        options.manifests = [try Self.renderedDeploy()]
        try await withSandbox(options) { server, http in
            for kind in ["serviceaccounts", "roles", "rolebindings", "deployments"] {
                let group = kind == "deployments" ? "apps/v1" : kind == "serviceaccounts" ? "" : "rbac.authorization.k8s.io/v1"
                let path = group.isEmpty ? "/api/v1/namespaces/kube-lego/\(kind)/kube-lego" : "/apis/\(group)/namespaces/kube-lego/\(kind)/kube-lego"
                #expect((try? http.request("GET", path, headers: [("Authorization", "Bearer admin")]))?.status == 200, "\(path)")
            }
            // Cluster-wide: list Ingresses and Secrets, write Secrets anywhere.
            #expect((try? http.request("GET", "/apis/networking.k8s.io/v1/ingresses", headers: Self.bearer))?.status == 200)
            #expect((try? http.request("GET", "/api/v1/secrets?labelSelector=a%3Db", headers: Self.bearer))?.status == 200)
            #expect((try? http.request("POST", "/api/v1/namespaces/shop/secrets", body: secretJSON("web-tls"), headers: Self.bearer))?.status == 201)
            // Not granted: other kinds, deletes outside its namespace, Ingress writes outside its namespace.
            #expect((try? http.request("GET", "/api/v1/configmaps", headers: Self.bearer))?.status == 403)
            #expect((try? http.request("DELETE", "/api/v1/namespaces/shop/secrets/web-tls", headers: Self.bearer))?.status == 403)
            #expect((try? http.request("POST", "/apis/networking.k8s.io/v1/namespaces/shop/ingresses", body: ingressJSON("x"), headers: Self.bearer))?.status == 403)
            #expect((try? http.request("GET", "/api/v1/namespaces/shop/services/web", headers: Self.bearer))?.status == 403)
            // Its own namespace: the state ConfigMap by name only, the challenge Ingress.
            let state = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"kube-lego-state"}}"#
            #expect((try? http.request("POST", "/api/v1/namespaces/kube-lego/configmaps", body: state, headers: Self.bearer))?.status == 201)
            #expect((try? http.request("GET", "/api/v1/namespaces/kube-lego/configmaps/kube-lego-state", headers: Self.bearer))?.status == 200)
            #expect((try? http.request("GET", "/api/v1/namespaces/kube-lego/configmaps/other", headers: Self.bearer))?.status == 403)
            #expect((try? http.request("POST", "/apis/networking.k8s.io/v1/namespaces/kube-lego/ingresses", body: ingressJSON("kube-lego-nginx"), headers: Self.bearer))?.status == 201)
            #expect((try? http.request("DELETE", "/apis/networking.k8s.io/v1/namespaces/kube-lego/ingresses/kube-lego-nginx", headers: Self.bearer))?.status == 200)
            let usage = server.grantUsage(of: Self.account)
            #expect(usage.contains { $0.grant.verb == "create" && $0.grant.resource == "configmaps" && $0.uses == 1 })
            #expect(usage.contains { $0.grant.verb == "delete" && $0.grant.resource == "secrets" && $0.grant.namespace == "kube-lego" && $0.uses == 0 })
        }
    }

    @Test func rolesTakeEffectAsSoonAsTheyAreStored() async throws {
        try await withSandbox(options) { server, http in
            #expect((try? http.request("GET", "/api/v1/namespaces/shop/configmaps", headers: Self.bearer))?.status == 403)
            _ = try server.load(manifest: """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: reader, namespace: shop}
                rules: [{apiGroups: [""], resources: [configmaps], verbs: [list]}]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: reader, namespace: shop}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
                subjects: [{kind: ServiceAccount, name: kube-lego, namespace: kube-lego}]
                """)
            #expect((try? http.request("GET", "/api/v1/namespaces/shop/configmaps", headers: Self.bearer))?.status == 200)
            #expect((try? http.request("GET", "/api/v1/namespaces/default/configmaps", headers: Self.bearer))?.status == 403)
        }
    }
}
