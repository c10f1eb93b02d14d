import KubeLegoApp
import KubeLegoCore
import TraefikProvider

/// The stock kube-lego (nginx, GCE, HTTP-01, DNS-01) plus the Traefik provider: every `LEGO_*` setting, flag
/// and subcommand of the stock binary, and `LEGO_TRAEFIK_*` on top.
@main enum Main {
    static func main() async {
        var plugins = Plugins.stock
        plugins.register(TraefikProvider.registration)
        await KubeLego.main(plugins: plugins)
    }
}
