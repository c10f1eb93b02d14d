public import KubeLegoCore

/// The Traefik provider's settings, declared and read by the provider itself.
public struct TraefikSettings: Sendable, Equatable {
    /// Name of the challenge Service and of the challenge Ingress of the default class (other classes get
    /// `<name>-<class>`).
    public var name: String
    /// The router priority the challenge Ingress asks for, so its rule wins over the user's catch-all routes.
    public var routerPriority: Int
    /// Entry points the challenge router attaches to (empty: Traefik's default, all of them).
    public var entryPoints: [String]

    /// The declarations, in the order `kube-lego run --help` lists them.
    public static let declarations: [Setting] = [
        Setting("LEGO_TRAEFIK_NAME", flag: "traefik-name", default: "kube-lego-traefik",
                help: "Name of the Traefik challenge Service and Ingress."),
        Setting("LEGO_TRAEFIK_ROUTER_PRIORITY", flag: "traefik-router-priority", default: "10000",
                help: "Traefik router priority of the challenge paths (1-2147483647); above every user route."),
        Setting("LEGO_TRAEFIK_ENTRYPOINTS", flag: "traefik-entrypoints",
                help: "Comma-separated Traefik entry points for the challenge router (empty: all)."),
    ]

    /// Makes settings.
    public init(name: String = "kube-lego-traefik", routerPriority: Int = 10000, entryPoints: [String] = []) {
        self.name = name
        self.routerPriority = routerPriority
        self.entryPoints = entryPoints
    }

    /// Reads the settings; an invalid value throws `CoreError.invalidSetting` naming it (start-up exits 2).
    public init(_ values: SettingValues) throws(CoreError) {
        self.init(
            name: values.value("LEGO_TRAEFIK_NAME") ?? "kube-lego-traefik",
            routerPriority: try values.integer("LEGO_TRAEFIK_ROUTER_PRIORITY", default: 10000, range: 1...Int(Int32.max)),
            entryPoints: values.list("LEGO_TRAEFIK_ENTRYPOINTS", lowercase: false) ?? [])
    }
}
