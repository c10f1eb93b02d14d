import Foundation
import KubeLegoKube
import KubeLegoSandbox
import Testing

/// The real kubectl (1.32) against the sandbox: discovery, get, describe, create, annotate, label, patch, delete.
@Suite struct KubectlTests {
    static let ingressYAML = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          annotations:
            kubernetes.io/tls-acme: "true"
        spec:
          ingressClassName: nginx
          tls:
          - hosts: [a.example.com]
            secretName: web-tls
          rules:
          - host: a.example.com
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service: {name: web, port: {number: 80}}
        """

    @Test func createGetDescribeAnnotateLabelPatchDelete() async throws {
        let scratch = try SandboxScratchDirectory()
        try await withSandbox { server, _ in
            let kubectl = try Kubectl(kubeconfig: server.kubeconfig(), in: scratch)
            let manifest = try scratch.write("ingress.yaml", Self.ingressYAML)

            let created = try kubectl("create", "--validate=false", "-f", manifest)
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains("ingress.networking.k8s.io/web created"))

            let get = try kubectl("get", "ingresses")
            #expect(get.status == 0, "\(get.stderr)")
            #expect(get.stdout.contains("web"))
            let all = try kubectl("get", "ing", "-A")
            #expect(all.stdout.contains("default") && all.stdout.contains("web"))
            let yaml = try kubectl("get", "ing", "web", "-o", "yaml")
            #expect(yaml.stdout.contains("generation: 1"))
            #expect(yaml.stdout.contains("kubernetes.io/tls-acme: \"true\""))
            #expect(yaml.stdout.contains("pathType: Prefix"))

            let describe = try kubectl("describe", "ingress", "web")
            #expect(describe.status == 0, "\(describe.stderr)")
            #expect(describe.stdout.contains("web-tls terminates a.example.com"))

            #expect(try kubectl("annotate", "ing", "web", "owner=team-a").status == 0)
            #expect(try kubectl("label", "ing", "web", "app=shop").status == 0)
            let patched = try kubectl("patch", "ing", "web", "--type", "merge", "-p", #"{"spec":{"ingressClassName":"gce"}}"#)
            #expect(patched.status == 0, "\(patched.stderr)")
            let stored = try #require(server.object(kind: "Ingress", namespace: "default", name: "web"))
            #expect(stored["metadata"]?["annotations"]?["owner"] == "team-a")
            #expect(stored["metadata"]?["labels"]?["app"] == "shop")
            #expect(stored["spec"]?["ingressClassName"] == "gce")
            #expect(stored["metadata"]?["generation"] == .int(2))
            let selected = try kubectl("get", "ing", "-l", "app=shop", "-o", "name")
            #expect(selected.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ingress.networking.k8s.io/web")

            let deleted = try kubectl("delete", "ingress", "web")
            #expect(deleted.status == 0, "\(deleted.stderr)")
            #expect(server.objects(kind: "Ingress").isEmpty)
            let missing = try kubectl("get", "ing", "web")
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("NotFound") || missing.stderr.contains("not found"))
        }
    }

    @Test func kubectlSeesEveryKindAndShortName() async throws {
        let scratch = try SandboxScratchDirectory()
        try await withSandbox { server, _ in
            let kubectl = try Kubectl(kubeconfig: server.kubeconfig(), in: scratch)
            #expect(try kubectl("create", "secret", "tls", "bad", "--cert=/dev/null", "--key=/dev/null").status != 0)
            #expect(try kubectl("create", "secret", "generic", "s", "--from-literal=k=v").status == 0)
            #expect(try kubectl("create", "configmap", "c", "--from-literal=k=v").status == 0)
            for name in ["ns", "svc", "ep", "cm", "ev", "secrets", "ingressclasses", "leases"] {
                let answer = try kubectl("get", name, "-A")
                #expect(answer.status == 0, "\(name): \(answer.stderr)")
            }
            let secret = try kubectl("get", "secret", "s", "-o", "jsonpath={.data.k}")
            #expect(secret.stdout == "dg==")
            let yaml = try kubectl("get", "cm", "c", "-o", "json")
            let json = try JSONValue(parsing: yaml.stdout)
            #expect(json.text("data.k") == "v")
            #expect(try kubectl("create", "service", "clusterip", "web", "--tcp=80:8080").status == 0)
            let all = try kubectl("get", "all", "-o", "name")
            #expect(all.status == 0, "\(all.stderr)")
            #expect(all.stdout.contains("service/web"))
            let describe = try kubectl("describe", "service", "web")
            #expect(describe.status == 0, "\(describe.stderr)")
            #expect(describe.stdout.contains("TargetPort:        8080/TCP"))
            let version = try kubectl("version", "-o", "json")
            #expect(version.stdout.contains("v1.30.0"))
        }
    }

    @Test func kubectlGetReportsInvalidObjects() async throws {
        let scratch = try SandboxScratchDirectory()
        try await withSandbox { server, _ in
            let kubectl = try Kubectl(kubeconfig: server.kubeconfig(), in: scratch)
            let bad = try scratch.write("bad.yaml", Self.ingressYAML.replacingOccurrences(of: "        pathType: Prefix\n", with: ""))
            let created = try kubectl("create", "--validate=false", "-f", bad)
            #expect(created.status != 0)
            #expect(created.stderr.contains("spec.rules[0].http.paths[0].pathType"))
        }
    }
}
