import Foundation
import KubeLegoHTTP
import KubeLegoKube
import Testing

@Suite("connection precedence: explicit URL, in-cluster, kubeconfig")
struct ConnectionResolutionTests {
    static let kubeconfig = """
        current-context: c
        contexts: [{name: c, context: {cluster: k, namespace: from-kubeconfig}}]
        clusters: [{name: k, cluster: {server: "https://kubeconfig.test"}}]
        """

    /// A service-account directory as a pod has it.
    static func serviceAccount(in dir: ScratchDirectory) throws -> String {
        try FileManager.default.createDirectory(atPath: dir.path + "/sa", withIntermediateDirectories: true)
        try dir.write("sa/token", "pod-token\n")
        try dir.write("sa/ca.crt", KubeconfigTests.caPEM)
        try dir.write("sa/namespace", "kube-lego\n")
        return dir.path + "/sa"
    }

    @Test func explicitURLWinsOverEverything() throws {
        let dir = try ScratchDirectory()
        let sa = try Self.serviceAccount(in: dir)
        let config = try dir.write("config", Self.kubeconfig)
        let settings = try ConnectionSettings.resolve(
            environment: [
                "LEGO_KUBE_API_URL": "http://127.0.0.1:8001/", "LEGO_KUBE_API_TOKEN_FILE": dir.path + "/t",
                "KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBECONFIG": config,
            ],
            serviceAccountDirectory: sa)
        #expect(settings.server == "http://127.0.0.1:8001")
        #expect(settings.bearerToken == .file(dir.path + "/t"))
        #expect(settings.origin == "LEGO_KUBE_API_URL")
    }

    @Test func inClusterWinsOverKubeconfig() throws {
        let dir = try ScratchDirectory()
        let sa = try Self.serviceAccount(in: dir)
        let config = try dir.write("config", Self.kubeconfig)
        let settings = try ConnectionSettings.resolve(
            environment: ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "6443", "KUBECONFIG": config],
            serviceAccountDirectory: sa)
        #expect(settings.server == "https://10.0.0.1:6443")
        #expect(settings.bearerToken == .file(sa + "/token"))
        #expect(settings.namespace == "kube-lego")
        guard case .file(let path, let replacing) = settings.trust else {
            Issue.record("expected the service-account CA file")
            return
        }
        #expect(path == sa + "/ca.crt")
        #expect(replacing)
    }

    @Test func inClusterIPv6HostIsBracketed() throws {
        let dir = try ScratchDirectory()
        let sa = try Self.serviceAccount(in: dir)
        let settings = try #require(try ConnectionSettings.inCluster(directory: sa, environment: ["KUBERNETES_SERVICE_HOST": "fd00::1"]))
        #expect(settings.server == "https://[fd00::1]:443")
    }

    @Test func inClusterNeedsBothTheVariableAndTheToken() throws {
        let dir = try ScratchDirectory()
        let sa = try Self.serviceAccount(in: dir)
        #expect(try ConnectionSettings.inCluster(directory: sa, environment: [:])?.server == nil)
        #expect(try ConnectionSettings.inCluster(directory: dir.path + "/none", environment: ["KUBERNETES_SERVICE_HOST": "h"])?.server == nil)
    }

    @Test func kubeconfigFromTheFirstEntryOfAColonList() throws {
        let dir = try ScratchDirectory()
        let config = try dir.write("config", Self.kubeconfig)
        let settings = try ConnectionSettings.resolve(
            environment: ["KUBECONFIG": "\(config):/nonexistent/second"], serviceAccountDirectory: dir.path + "/none")
        #expect(settings.server == "https://kubeconfig.test")
        #expect(settings.namespace == "from-kubeconfig")
    }

    @Test func kubeconfigFromHome() throws {
        let dir = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: dir.path + "/.kube", withIntermediateDirectories: true)
        try dir.write(".kube/config", Self.kubeconfig)
        let settings = try ConnectionSettings.resolve(environment: ["HOME": dir.path], serviceAccountDirectory: dir.path + "/none")
        #expect(settings.server == "https://kubeconfig.test")
    }

    @Test func nothingConfiguredIsAConfigurationError() throws {
        let dir = try ScratchDirectory()
        let error = #expect(throws: KubeError.self) {
            try ConnectionSettings.resolve(environment: ["HOME": dir.path], serviceAccountDirectory: dir.path + "/none")
        }
        #expect(error?.code == .configuration)
    }
}
