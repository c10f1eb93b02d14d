import Foundation
import KubeLegoSandbox

/// The real kubectl, pointed at a sandbox through a kubeconfig the sandbox wrote.
struct Kubectl {
    let kubeconfig: String
    let cacheDirectory: String

    /// Writes `kubeconfig` into `directory`.
    init(kubeconfig text: String, in directory: SandboxScratchDirectory) throws {
        kubeconfig = try directory.write("kubeconfig", text)
        cacheDirectory = "\(directory.path)/kube-cache"
    }

    /// Runs `kubectl <arguments>`.
    func callAsFunction(_ arguments: String..., input: String? = nil) throws -> ProcessRunner.Result {
        try ProcessRunner.run("/usr/bin/kubectl",
                              ["--kubeconfig", kubeconfig, "--cache-dir", cacheDirectory, "--request-timeout", "10s"] + arguments,
                              input: input)
    }
}
