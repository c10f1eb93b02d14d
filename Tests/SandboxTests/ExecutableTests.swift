import Foundation
import KubeLegoKube
import KubeLegoSpawn
import Testing

/// `kube-lego-sandbox serve` as a process: loads manifests, writes a kubeconfig kubectl can use, stops on SIGTERM.
@Suite struct ExecutableTests {
    @Test func serveLoadsManifestsWritesAKubeconfigAndStopsOnSIGTERM() async throws {
        let scratch = try SandboxScratchDirectory()
        try FileManager.default.createDirectory(atPath: "\(scratch.path)/manifests", withIntermediateDirectories: true)
        let manifest = try scratch.write("manifests/objects.yaml", ManifestAndDumpTests.manifest)
        try scratch.write("manifests/extra.json", #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"from-dir"}}"#)
        try scratch.write("manifests/notes.txt", "not a manifest")
        let kubeconfig = "\(scratch.path)/kubeconfig"
        let sandbox = try SandboxProcess(["serve", "--port", "0", "--load", manifest, "--load", "\(scratch.path)/manifests",
                                          "--kubeconfig-out", kubeconfig])
        #expect(sandbox.baseURL.hasPrefix("http://127.0.0.1:"))
        let listed = try ProcessRunner.run("/usr/bin/kubectl",
            ["--kubeconfig", kubeconfig, "--cache-dir", "\(scratch.path)/cache", "get", "ingress", "-n", "shop", "-o", "name"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("ingress.networking.k8s.io/web"))
        let fromDirectory = try ProcessRunner.run("/usr/bin/kubectl",
            ["--kubeconfig", kubeconfig, "--cache-dir", "\(scratch.path)/cache", "get", "configmap", "from-dir", "-o", "name"])
        #expect(fromDirectory.stdout.contains("configmap/from-dir"))
        #expect(sandbox.terminate() == 0)
    }

    @Test func serveRejectsACertificateWithoutAKey() throws {
        let scratch = try SandboxScratchDirectory()
        let certificate = try scratch.write("cert.pem", "x")
        let sandbox = try SandboxProcess(["serve", "--tls-cert", certificate])
        sandbox.process.waitUntilExit()
        #expect(sandbox.process.terminationStatus != 0)
        #expect(sandbox.baseURL.isEmpty)
    }
}
