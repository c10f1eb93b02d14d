import Foundation
import KubeLegoHTTP
import KubeLegoKube
import Testing

@Suite("kubeconfig parsing")
struct KubeconfigTests {
    static let caPEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n"
    static let keyPEM = "-----BEGIN PRIVATE KEY-----\nMIIEfake\n-----END PRIVATE KEY-----\n"

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    static func config(cluster: String, user: String, namespace: String = "team-a") -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: main
        contexts:
        - name: other
          context: {cluster: nowhere, user: nobody}
        - name: main
          context:
            cluster: prod
            user: admin
            namespace: \(namespace)
        clusters:
        - name: prod
          cluster:
        \(cluster)
        users:
        - name: admin
          user:
        \(user)
        """
    }

    @Test func tokenAndInlineCertificateData() throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("config", Self.config(
            cluster: """
                server: https://10.1.2.3:6443/
                certificate-authority-data: \(Self.base64(Self.caPEM))
            """,
            user: """
                token: sekret-token
                client-certificate-data: \(Self.base64(Self.caPEM))
                client-key-data: \(Self.base64(Self.keyPEM))
            """))
        let settings = try ConnectionSettings.kubeconfig(path: path)
        #expect(settings.server == "https://10.1.2.3:6443")
        #expect(settings.namespace == "team-a")
        #expect(settings.bearerToken == .literal("sekret-token"))
        #expect(settings.clientCertificatePEM == Self.caPEM)
        #expect(settings.clientKeyPEM == Self.keyPEM)
        #expect(settings.insecureSkipTLSVerify == false)
        guard case .pem(let pem, let replacing) = settings.trust else {
            Issue.record("expected PEM trust, got \(settings.trust)")
            return
        }
        #expect(pem == Self.caPEM)
        #expect(replacing)
        #expect(settings.origin.contains(path))
        #expect(!settings.origin.contains("sekret"))
    }

    @Test func filesAreResolvedRelativeToTheKubeconfig() throws {
        let dir = try ScratchDirectory()
        try dir.write("ca.pem", Self.caPEM)
        try dir.write("client.pem", Self.caPEM)
        try dir.write("client.key", Self.keyPEM)
        try dir.write("token", "from-file\n")
        let path = try dir.write("config", Self.config(
            cluster: """
                server: https://example.test
                certificate-authority: ca.pem
            """,
            user: """
                tokenFile: token
                client-certificate: client.pem
                client-key: \(dir.path)/client.key
            """))
        let settings = try ConnectionSettings.kubeconfig(path: path)
        #expect(settings.bearerToken == .file(dir.path + "/token"))
        #expect(settings.clientKeyPEM == Self.keyPEM)
        guard case .pem(let pem, _) = settings.trust else {
            Issue.record("expected PEM trust")
            return
        }
        #expect(pem == Self.caPEM)
    }

    @Test func insecureSkipVerifyWithoutCredentials() throws {
        let dir = try ScratchDirectory()
        let text = Self.config(cluster: "    server: http://127.0.0.1:8080\n    insecure-skip-tls-verify: true", user: "    {}")
        let path = try dir.write("config", text)
        let settings = try ConnectionSettings.kubeconfig(path: path)
        #expect(settings.insecureSkipTLSVerify)
        #expect(settings.bearerToken == nil)
        #expect(settings.server == "http://127.0.0.1:8080")
    }

    @Test(arguments: [
        ("current-context: [", "not valid YAML"),
        ("apiVersion: v1\nclusters: []\n", "field current-context: missing"),
        ("current-context: x\ncontexts: []\n", "field contexts: has no entry named \"x\""),
        ("current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\n", "field clusters: missing"),
        ("current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\nclusters:\n- name: c\n  cluster: {}\n",
         "field clusters[c].cluster.server: missing"),
        ("current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\nclusters:\n- name: c\n  cluster: {server: ftp://x}\n",
         "field clusters[c].cluster.server: must be an http or https URL"),
        ("current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\nclusters:\n- name: c\n  cluster: {server: https://x, certificate-authority-data: '!!!'}\n",
         "field clusters[c].cluster.certificate-authority-data: is not base64-encoded PEM"),
        ("current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\nclusters:\n- name: c\n  cluster: {server: https://x, insecure-skip-tls-verify: maybe}\n",
         "field clusters[c].cluster.insecure-skip-tls-verify: must be a boolean"),
        ("current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nclusters:\n- name: c\n  cluster: {server: https://x}\nusers:\n- name: u\n  user: {client-certificate: /nonexistent/c.pem, client-key: k}\n",
         "field users[u].user.client-certificate: cannot read /nonexistent/c.pem"),
        ("current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nclusters:\n- name: c\n  cluster: {server: https://x}\nusers:\n- name: u\n  user: {exec: {command: aws}}\n",
         "field users[u].user: exec and auth-provider credentials are not supported"),
    ])
    func brokenFilesNameTheFileAndTheField(text: String, expected: String) throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("broken-config", text)
        let error = #expect(throws: KubeError.self) { try ConnectionSettings.kubeconfig(path: path) }
        #expect(error?.code == .configuration)
        #expect(error?.reason.contains(path) == true, "\(error?.reason ?? "")")
        #expect(error?.reason.contains(expected) == true, "\(error?.reason ?? "")")
    }

    @Test func missingFileIsNamed() {
        let error = #expect(throws: KubeError.self) { try ConnectionSettings.kubeconfig(path: "/nonexistent/kubeconfig") }
        #expect(error?.reason.contains("/nonexistent/kubeconfig") == true)
    }

    @Test func secretsNeverAppearInErrors() throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("config", "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nclusters:\n- name: c\n  cluster: {server: https://x}\nusers:\n- name: u\n  user: {token: top-secret-token, client-key-data: bm90IHBlbQ==}\n")
        let error = #expect(throws: KubeError.self) { try ConnectionSettings.kubeconfig(path: path) }
        #expect(error?.description.contains("top-secret-token") == false)
        #expect(error?.description.contains("bm90IHBlbQ") == false)
    }
}
