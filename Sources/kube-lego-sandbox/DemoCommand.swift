import ArgumentParser
import Foundation
import KubeLegoApp
import KubeLegoCore
import KubeLegoKube
import KubeLegoPebble
import KubeLegoSandbox
import KubeLegoTLS
import Logging

/// `kube-lego-sandbox demo`: the main job on embedded defaults. Starts the sandbox API server, Pebble and
/// nginx, loads the example Ingresses, runs the real `kube-lego` binary until every example certificate is
/// issued, and prints them.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Issue real certificates (from a local Pebble CA) for the example Ingresses and print them.")

    @Option(help: "Directory of manifests to load.") var examples = "examples"
    @Option(help: "The kube-lego binary; by default the one built next to this program.") var controller: String?
    @Option(help: "Give up after this many seconds.") var timeout = 120
    @Flag(help: "Keep everything running after the table, until Ctrl-C, so kubectl can look around.") var keep = false

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let executable = controller ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("kube-lego").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ValidationError("no kube-lego binary at \(executable): build it with `swift build --product kube-lego`")
        }
        var options = SandboxClusterOptions()
        options.manifests = try ServeCommand.manifestFiles(examples).map { try String(contentsOfFile: $0, encoding: .utf8) }
        say("starting the sandbox API server, nginx and Pebble ...")
        let cluster = try await SandboxCluster.start(options)
        let kubeconfig = try cluster.writeKubeconfig()
        say("API server \(cluster.api.baseURL), nginx 127.0.0.1:\(cluster.dataPlane.port), Pebble \(cluster.pebble.directoryURL)")
        say("look around with: kubectl --kubeconfig \(kubeconfig) get ingress,gateway,httproute,secret,events -A")
        let process = try cluster.startController(executable: executable)
        say("kube-lego started (log: \(process.logFile.path))")
        let expected = try expectedCertificates(cluster)
        say("waiting for \(expected.count) certificates ...")
        let client = try KubeClient(settings: ConnectionSettings(server: cluster.api.baseURL), logger: Logger(label: "demo"))
        let started = ContinuousClock.now
        let issued = await waitForCertificates(expected, client: client, until: started + .seconds(timeout))
        let seconds = Double((ContinuousClock.now - started).components.seconds) + Double((ContinuousClock.now - started).components.attoseconds) / 1e18
        print(DemoTable.render(issued))
        let complete = issued.count == expected.count
        if complete {
            say(String(format: "all %d certificates issued in %.1f s", issued.count, seconds))
        } else {
            say("only \(issued.count) of \(expected.count) certificates after \(timeout) s; kube-lego's log ends with:\n\(process.logTail())")
        }
        if keep && complete {
            say("running until Ctrl-C (kubeconfig: \(kubeconfig))")
            await ServeCommand.waitForTermination()
        }
        await process.stop()
        await client.shutdown()
        await cluster.stop()
        if !complete { throw ExitCode.failure }
    }

    /// The Secrets the loaded Ingresses and Gateways ask for, decided the way kube-lego decides (annotation, class).
    private func expectedCertificates(_ cluster: SandboxCluster) throws -> [DesiredCertificate] {
        let configuration = try Configuration.parse(
            environment: cluster.controllerEnvironment(), providers: Plugins.stock.providers.names).configuration
        let ingresses = cluster.api.objects(kind: "Ingress").map { Ingress(raw: $0) }
            .map { IngressIntent($0, configuration: configuration, providerNames: Set(configuration.supportedProviders)) }
        let gateways = cluster.api.objects(kind: "Gateway").map { IngressIntent(Gateway(raw: $0), configuration: configuration) }
        return (ingresses + gateways)
            .filter { $0.isServed(by: configuration) }
            .flatMap(\.certificates)
            .filter { !$0.hosts.isEmpty && !$0.secretName.isEmpty }
    }

    private func waitForCertificates(
        _ expected: [DesiredCertificate], client: KubeClient, until deadline: ContinuousClock.Instant
    ) async -> [DemoTable.Row] {
        var found: [ObjectReference: DemoTable.Row] = [:]
        while found.count < expected.count && ContinuousClock.now < deadline {
            for desired in expected where found[desired.secret] == nil {
                guard let secret = try? await client.get(Secret.self, namespace: desired.secret.namespace, name: desired.secret.name),
                    let leaf = SecretInspector.leaf(of: secret), Set(desired.hosts).isSubset(of: Set(leaf.dnsNames + leaf.ipAddresses))
                else { continue }
                found[desired.secret] = DemoTable.Row(secret: desired.secret, hosts: desired.hosts, certificate: leaf)
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return found.values.sorted { $0.secret < $1.secret }
    }

    private func say(_ line: String) {
        FileHandle.standardError.write(Data("demo: \(line)\n".utf8))
    }
}
