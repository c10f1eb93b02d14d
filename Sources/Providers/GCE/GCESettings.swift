public import KubeLegoCore

/// The GCE provider's settings, declared and read by the provider itself.
public struct GCESettings: Sendable, Equatable {
    /// Name of the challenge Service (and Endpoints) in each namespace (`LEGO_SERVICE_NAME_GCE`).
    public var serviceName: String
    /// How long the load balancer may take to route a challenge (`LEGO_GCE_PROPAGATION_TIMEOUT`).
    public var propagationTimeout: Duration
    /// Whether challenge paths stay in a user's Ingress between renewals (`LEGO_GCE_KEEP_CHALLENGE_PATHS`,
    /// default false). Removing them after each issuance restores the user's Ingress exactly and frees the
    /// challenge Service (a GCE backend service, a quota-limited resource), at the price of a URL-map change and
    /// a new health check, minutes of propagation, at every renewal. Keeping them makes renewals need no
    /// load-balancer change; they go once the Ingress is no longer served.
    public var keepChallengePaths: Bool

    /// The declarations, in the order `kube-lego run --help` and the README list them.
    public static let declarations: [Setting] = [
        Setting("LEGO_SERVICE_NAME_GCE", flag: "service-name-gce", default: "kube-lego-gce",
                help: "Name of the GCE challenge Service in each namespace."),
        Setting("LEGO_GCE_PROPAGATION_TIMEOUT", flag: "gce-propagation-timeout", default: "15m",
                help: "How long the GCE provider waits for the load balancer to route a challenge."),
        Setting("LEGO_GCE_KEEP_CHALLENGE_PATHS", flag: "gce-keep-challenge-paths", default: "false",
                help: "Keep GCE challenge paths in Ingresses between renewals (no URL-map change per renewal, but the Ingress stays edited): true or false."),
    ]

    /// Makes settings.
    public init(serviceName: String = "kube-lego-gce", propagationTimeout: Duration = .seconds(900), keepChallengePaths: Bool = false) {
        self.serviceName = serviceName
        self.propagationTimeout = propagationTimeout
        self.keepChallengePaths = keepChallengePaths
    }

    /// Reads the settings; a value that cannot be used throws `CoreError.invalidSetting` naming it.
    public init(_ values: SettingValues) throws(CoreError) {
        self.init(
            serviceName: values.value("LEGO_SERVICE_NAME_GCE") ?? "kube-lego-gce",
            propagationTimeout: try values.duration("LEGO_GCE_PROPAGATION_TIMEOUT", default: .seconds(900), minimum: .seconds(1)),
            keepChallengePaths: try values.boolean("LEGO_GCE_KEEP_CHALLENGE_PATHS", default: false))
    }
}
