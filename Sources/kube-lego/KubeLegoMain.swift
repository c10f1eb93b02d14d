import KubeLegoApp

/// The stock `kube-lego` binary: the shared entry point with the providers and challenge methods this
/// repository ships. A third party's binary is the same few lines with its own plugins added (Plugins.md).
@main
enum KubeLegoMain {
    static func main() async {
        await KubeLego.main(plugins: .stock)
    }
}
