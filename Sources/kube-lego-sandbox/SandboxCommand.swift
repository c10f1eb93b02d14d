import ArgumentParser

/// `kube-lego-sandbox`: the fake Kubernetes API server as a process, for the demo and for manual poking.
@main
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kube-lego-sandbox",
        abstract: "A fake, in-memory kube-apiserver that kubectl and kube-lego can talk to.",
        subcommands: [ServeCommand.self, DemoCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
