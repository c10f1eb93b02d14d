import ArgumentParser

/// The `kube-lego` command line: subcommands are added as they land.
@main
struct KubeLegoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kube-lego",
        abstract: "Let's Encrypt certificates for annotated Kubernetes Ingresses, over ACME v2."
    )
}
