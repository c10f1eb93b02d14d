import ArgumentParser
public import KubeLegoCore
import KubeLegoChallengeSolvers
import KubeLegoDNS
import KubeLegoGCE
import KubeLegoGateway
import KubeLegoNginx
import Synchronization

/// The shared entry point of every kube-lego binary: the stock one and a third party's with more providers or
/// challenge methods. It gives them all the same subcommands (`run`, the default, and `certonly`), every
/// `LEGO_*` setting as a variable and a flag, logging, metrics and signal handling.
///
/// ```swift
/// @main enum Main {
///     static func main() async {
///         var plugins = Plugins.stock
///         plugins.register(TraefikProvider.registration)
///         await KubeLego.main(plugins: plugins)
///     }
/// }
/// ```
public enum KubeLego {
    /// Parses the command line and runs the chosen subcommand with `plugins`; exits the process when done.
    public static func main(plugins: Plugins) async {
        current.withLock { $0 = plugins }
        await KubeLegoCommand.main()
    }

    /// Every setting of a binary with `plugins`, in the order `--help` and the README list them: Core's, the
    /// built-in HTTP-01 method's, then the plugins'.
    public static func settings(_ plugins: Plugins) -> [Setting] {
        var settings = Configuration.coreSettings(providers: plugins.providers.names)
        for setting in HTTP01Settings.declarations + plugins.settings where !settings.contains(where: { $0.variable == setting.variable }) {
            settings.append(setting)
        }
        return settings
    }

    /// The plugins of the running binary (set once by `main`).
    static var plugins: Plugins { current.withLock { $0 } }
    private static let current = Mutex(Plugins.stock)
}

extension Plugins {
    /// What this repository ships: the nginx (the default class) and GCE providers, the Gateway API provider
    /// (used once `LEGO_GATEWAY_CLASSES` is set), and DNS-01 over RFC 2136
    /// (offered once `LEGO_DNS01_NAMESERVER` is set). HTTP-01 is built in.
    public static var stock: Plugins {
        var plugins = Plugins()
        plugins.register(NginxProvider.registration)
        plugins.register(GCEProvider.registration)
        plugins.register(gatewayProvider: GatewayProvider.registration)
        plugins.register(DNS01Method.registration)
        return plugins
    }
}
