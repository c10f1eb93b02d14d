import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoBasics
import KubeLegoCore

/// `kube-lego run`: the controller. Every setting is a `LEGO_*` variable and a flag; a flag wins. The flags
/// come from the declared settings of Core, the built-in HTTP-01 method and the binary's plugins.
struct RunCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "run",
            abstract: "Watch annotated Ingresses and keep their certificates issued and renewed.",
            discussion: """
                Every setting is read from its environment variable (as the original kube-lego did) and may be \
                given as a flag instead; the flag wins. An invalid value stops start-up with exit code 2.

                SETTINGS:
                \(KubeLego.settings(KubeLego.plugins).map { "  \($0.helpLine)" }.joined(separator: "\n"))
                """
        )
    }

    /// The setting flags, read against the declarations in `run()`.
    @Argument(parsing: .allUnrecognized, help: .hidden) var settingFlags: [String] = []

    func run() async throws {
        let plugins = KubeLego.plugins
        let declared = KubeLego.settings(plugins)
        let environment: [String: String]
        do {
            let flags = try SettingFlags.parse(settingFlags, settings: declared)
            environment = ProcessInfo.processInfo.environment.merging(flags) { $1 }
        } catch {
            StandardError.write("kube-lego: \(error)\n")
            throw ExitCode(2)
        }
        try await Runtime(plugins: plugins, settings: SettingValues(environment: environment, declared: declared)).run()
    }
}
