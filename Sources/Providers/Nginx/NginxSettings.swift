public import KubeLegoCore

/// The names the nginx provider gives its challenge objects (`LEGO_SERVICE_NAME_NGINX`,
/// `LEGO_INGRESS_NAME_NGINX`), declared and read by the provider itself.
public struct NginxSettings: Sendable, Equatable {
    /// Name of the challenge Service in `LEGO_NAMESPACE`.
    public var serviceName: String
    /// Name of the challenge Ingress of the default class; other classes get `<name>-<class>`.
    public var ingressName: String

    /// The declarations, in the order `kube-lego run --help` and the README list them.
    public static let declarations: [Setting] = [
        Setting("LEGO_SERVICE_NAME_NGINX", flag: "service-name-nginx", default: "kube-lego-nginx",
                help: "Name of the nginx challenge Service.", legacy: ["LEGO_SERVICE_NAME"]),
        Setting("LEGO_INGRESS_NAME_NGINX", flag: "ingress-name-nginx", default: "kube-lego-nginx",
                help: "Name of the nginx challenge Ingress.", legacy: ["LEGO_INGRESS_NAME"]),
    ]

    /// Makes settings.
    public init(serviceName: String = "kube-lego-nginx", ingressName: String = "kube-lego-nginx") {
        self.serviceName = serviceName
        self.ingressName = ingressName
    }

    /// Reads the settings from the binary's values.
    public init(_ values: SettingValues) {
        self.init(serviceName: values.value("LEGO_SERVICE_NAME_NGINX") ?? "kube-lego-nginx",
                  ingressName: values.value("LEGO_INGRESS_NAME_NGINX") ?? "kube-lego-nginx")
    }
}
