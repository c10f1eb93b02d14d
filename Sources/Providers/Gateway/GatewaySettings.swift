public import KubeLegoCore

/// The name the Gateway provider gives its challenge Service and ReferenceGrant (`LEGO_SERVICE_NAME_GATEWAY`),
/// declared and read by the provider itself.
public struct GatewaySettings: Sendable, Equatable {
    /// Name of the challenge Service, and of the ReferenceGrant beside it, in `LEGO_NAMESPACE`.
    public var serviceName: String

    /// The declarations, in the order `kube-lego run --help` and the README list them.
    public static let declarations: [Setting] = [
        Setting("LEGO_SERVICE_NAME_GATEWAY", flag: "service-name-gateway", default: "kube-lego-gateway",
                help: "Name of the Gateway provider's challenge Service and ReferenceGrant in LEGO_NAMESPACE."),
    ]

    /// Makes settings.
    public init(serviceName: String = "kube-lego-gateway") {
        self.serviceName = serviceName
    }

    /// Reads the settings from the binary's values.
    public init(_ values: SettingValues) {
        self.init(serviceName: values.value("LEGO_SERVICE_NAME_GATEWAY") ?? "kube-lego-gateway")
    }
}
