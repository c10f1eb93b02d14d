import ArgumentParser
import KubeLegoCore

/// The `kube-lego` command line.
struct KubeLegoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kube-lego",
        abstract: "Let's Encrypt certificates for annotated Kubernetes Ingresses, over ACME v2.",
        version: KubeLegoVersion.current,
        subcommands: [RunCommand.self, CertonlyCommand.self, StatusCommand.self, PlanCommand.self],
        defaultSubcommand: RunCommand.self
    )
}
