import Foundation
import KubeLegoKube
import KubeLegoTestKit
import Logging
import Testing

/// Kubeconfig hygiene: YAML errors never quote the file, and risky connection settings are warned about.
@Suite("kubeconfig and connection hygiene")
struct ConnectionSecurityTests {
    @Test("a YAML syntax error names the file, line and column but never quotes the line", arguments: [
        "users:\n- name: u\n  user:\n    token: SECRET-abc: [\n",
        "users:\n- name: u\n  user:\n    token: \"SECRET-abc\n",
        "users:\n- name: u\n  user:\n    token: SECRET-abc\n   bad: indentation\n",
        "users:\n- name: u\n  user: {token: SECRET-abc, token: SECRET-abc}\n",
    ])
    func yamlErrorsDoNotQuote(text: String) throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("config", "current-context: x\n" + text)
        let error = #expect(throws: KubeError.self) { try ConnectionSettings.kubeconfig(path: path) }
        let message = error?.description ?? ""
        #expect(!message.contains("SECRET-abc"), "\(message)")
        #expect(message.contains(path))
        #expect(message.contains("not valid YAML: line "), "\(message)")
    }

    @Test("the line and column are the ones the parser stopped at")
    func yamlErrorPosition() throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("config", "current-context: x\nusers:\n- name: u\n  user:\n    token: SECRET-abc: [\n")
        let error = #expect(throws: KubeError.self) { try ConnectionSettings.kubeconfig(path: path) }
        #expect(error?.reason.contains("line 5, column ") == true, "\(error?.reason ?? "")")
    }

    func kubeconfig(server: String, cluster: String = "", user: String) throws -> (ScratchDirectory, String) {
        let dir = try ScratchDirectory()
        let text = """
            current-context: main
            contexts:
            - name: main
              context: {cluster: prod, user: admin}
            clusters:
            - name: prod
              cluster: {server: "\(server)"\(cluster)}
            users:
            - name: admin
              user: {\(user)}
            """
        return (dir, try dir.write("config", text))
    }

    @Test("insecure-skip-tls-verify is warned about, naming the server and the kubeconfig")
    func insecureSkipVerify() throws {
        let (dir, path) = try kubeconfig(server: "https://api.example:6443", cluster: ", insecure-skip-tls-verify: true", user: "token: SECRET-abc")
        let settings = try ConnectionSettings.kubeconfig(path: path)
        let (logger, store) = CapturingLogHandler.logger()
        settings.logSecurityWarnings(to: logger)
        let entries = store.entries
        #expect(entries.count == 1)
        #expect(entries.first?.level == .warning)
        let message = entries.first?.message ?? ""
        #expect(message.contains("TLS verification of the Kubernetes API server https://api.example:6443 is disabled"))
        #expect(message.contains("kubeconfig \(path)"))
        #expect(message.contains("impersonate"))
        #expect(!message.contains("SECRET-abc"))
        #expect(entries.first?.metadata["kube.server"] == "https://api.example:6443")
        _ = dir
    }

    @Test("a bearer token over plain http is warned about, without the token")
    func tokenOverHTTP() throws {
        let (dir, path) = try kubeconfig(server: "http://10.0.0.1:8080", user: "token: SECRET-abc")
        let warnings = try ConnectionSettings.kubeconfig(path: path).securityWarnings
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("a bearer token (literal(<redacted>)) is sent to the Kubernetes API server http://10.0.0.1:8080 over plain http") == true)
        #expect(warnings.allSatisfy { !$0.contains("SECRET-abc") })
        _ = dir

        let explicit = ConnectionSettings.explicit(url: "http://127.0.0.1:8001", tokenFile: "/var/run/token")
        #expect(explicit.securityWarnings.first?.contains("(file(/var/run/token))") == true)
        #expect(explicit.securityWarnings.first?.contains("LEGO_KUBE_API_URL") == true)
    }

    @Test("basic auth in an http server URL is warned about, without the password")
    func basicAuthOverHTTP() {
        let settings = ConnectionSettings(server: "http://admin:SECRET-pw@10.0.0.1:8080", origin: "LEGO_KUBE_API_URL")
        let warnings = settings.securityWarnings
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("basic-auth credentials in the server URL are sent to the Kubernetes API server http://10.0.0.1:8080") == true)
        #expect(warnings.allSatisfy { !$0.contains("SECRET-pw") && !$0.contains("admin") })
        #expect(!settings.description.contains("SECRET-pw"))
    }

    @Test("safe settings produce no warning", arguments: [
        ConnectionSettings(server: "https://api.example:6443"),
        ConnectionSettings.explicit(url: "https://api.example:6443", tokenFile: "/t"),
        ConnectionSettings(server: "http://127.0.0.1:8001"),
    ])
    func noWarnings(settings: ConnectionSettings) {
        #expect(settings.securityWarnings.isEmpty)
    }
}
