import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoBasics
import KubeLegoCore
import KubeLegoKube
import Logging

/// What `status` and `plan` share: the scope, the output format, and reading the cluster as `run` would see it.
struct InspectionOptions: ParsableArguments {
    @Option(name: [.customShort("n"), .long], help: "Only Ingresses in this namespace.")
    var namespace: String?

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Every namespace kube-lego watches (the default).")
    var allNamespaces = false

    @Option(name: [.customShort("o"), .long], help: "Output format: table, json or yaml.")
    var output: OutputFormat = .table

    /// Output formats.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json, yaml
    }

    /// The reports of every served TLS entry in scope, decided as the controller would decide them now. Settings
    /// come from the same `LEGO_*` variables as `run` (e.g. `kubectl exec deploy/kube-lego -- kube-lego status`);
    /// the two only `run` needs (`LEGO_EMAIL`, `LEGO_POD_IP`) may be absent. Reads only (get and list).
    func reports(command: String) async throws -> [CertificateReport] {
        let plugins = KubeLego.plugins
        var environment = ProcessInfo.processInfo.environment
        environment["LEGO_EMAIL"] = environment["LEGO_EMAIL"] ?? "status@kube-lego.invalid"
        environment["LEGO_POD_IP"] = environment["LEGO_POD_IP"] ?? "127.0.0.1"
        let values = SettingValues(environment: environment, declared: KubeLego.settings(plugins))
        let configuration: Configuration
        do {
            configuration = try Configuration.parse(values, providers: plugins.providers.names, podNamespace: Runtime.podNamespace())
        } catch {
            throw InspectionFailure(command: command, message: "\(error)")
        }
        let logger = Logger(label: "kube-lego.\(command)", factory: { _ in SwiftLogNoOpLogHandler() })
        do {
            let connection = try ConnectionSettings.resolve(environment: environment)
            let kube = try KubeClient(
                settings: connection,
                options: KubeClientOptions(version: KubeLegoVersion.current, qps: configuration.kubeQPS, burst: configuration.kubeBurst),
                logger: logger)
            let providers = Set(plugins.providers.names)
            let scope = allNamespaces ? nil : namespace
            let snapshot = try await ClusterSnapshot.read(kube: kube, configuration: configuration, providerNames: providers, namespace: scope)
            return Inspection.reports(snapshot, configuration: configuration, providerNames: providers, namespace: scope, now: Date())
        } catch {
            throw InspectionFailure(command: command, message: "\(error)")
        }
    }

    /// `reports(command:)`, or, when the cluster cannot be read, the reason on stderr and exit with `failureCode`.
    func reportsOrExit(command: String, failureCode: Int32) async throws -> [CertificateReport] {
        do {
            return try await reports(command: command)
        } catch {
            StandardError.write("\(error)\n")
            throw ExitCode(failureCode)
        }
    }

    /// Prints `reports` as JSON or YAML (a list under `certificates`); false when the format is `table`.
    func printStructured(_ reports: [CertificateReport], extra: [String: JSONValue] = [:]) -> Bool {
        var document: JSONObject = ["certificates": .array(reports.map(\.json))]
        for (key, value) in extra.sorted(by: { $0.key < $1.key }) { document[key] = value }
        switch output {
        case .table: return false
        case .json: print(String(decoding: JSONValue.object(document).serialized(), as: UTF8.self))
        case .yaml: print(JSONValue.object(document).yamlText, terminator: "")
        }
        return true
    }
}

/// The cluster could not be read: printed on stderr, and the command exits with its error code.
struct InspectionFailure: Error, CustomStringConvertible {
    let command: String
    let message: String
    var description: String { "kube-lego \(command): \(message)" }
}
