import Foundation
import KubeLegoKube
import Testing

/// `kube-lego-sandbox serve` as a process: loads manifests, writes a kubeconfig kubectl can use, stops on SIGTERM.
@Suite struct ExecutableTests {
    @Test func serveLoadsManifestsWritesAKubeconfigAndStopsOnSIGTERM() async throws {
        let scratch = try SandboxScratchDirectory()
        let manifest = try scratch.write("objects.yaml", ManifestAndDumpTests.manifest)
        let kubeconfig = "\(scratch.path)/kubeconfig"
        let sandbox = try SandboxProcess(["serve", "--port", "0", "--load", manifest, "--kubeconfig-out", kubeconfig])
        #expect(sandbox.baseURL.hasPrefix("http://127.0.0.1:"))
        let listed = try ProcessRunner.run("/usr/bin/kubectl",
            ["--kubeconfig", kubeconfig, "--cache-dir", "\(scratch.path)/cache", "get", "ingress", "-n", "shop", "-o", "name"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("ingress.networking.k8s.io/web"))
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
