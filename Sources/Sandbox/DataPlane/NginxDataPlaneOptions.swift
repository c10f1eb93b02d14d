/// How to start an `NginxDataPlane`.
public struct NginxDataPlaneOptions: Sendable {
    /// The work directory (configuration, logs, pid, temp files); created if missing. The caller removes it.
    public var workDirectory: String
    /// The loopback port nginx listens on; 0 picks a free one.
    public var port: Int
    /// The ingress classes served.
    public var classes: Set<String>
    /// Whether Ingresses naming no class are served too.
    public var servesIngressesWithoutClass: Bool
    /// The GatewayClass names whose Gateways are served: the HTTPRoutes attached to their HTTP listeners are
    /// routed on `port` (listener port numbers are not separate sockets; HTTPS and TLS listeners are not served).
    public var gatewayClasses: Set<String>
    /// The `controllerName` under which the data plane writes Gateway API status (HTTPRoute parents, Gateway
    /// listeners, GatewayClass acceptance) as an implementation does; nil writes no status.
    public var gatewayControllerName: String? = NginxDataPlaneOptions.defaultGatewayControllerName
    /// The nginx binary.
    public var executable: String

    /// The controller name of the sandbox's Gateway API implementation.
    public static let defaultGatewayControllerName = "sandbox.kube-lego.io/nginx"

    /// Options for nginx on a free loopback port serving Ingress class `nginx` and GatewayClass `sandbox`.
    public init(
        workDirectory: String, port: Int = 0, classes: Set<String> = ["nginx"], servesIngressesWithoutClass: Bool = true,
        gatewayClasses: Set<String> = ["sandbox"], executable: String = "/usr/sbin/nginx"
    ) {
        self.workDirectory = workDirectory
        self.port = port
        self.classes = classes
        self.servesIngressesWithoutClass = servesIngressesWithoutClass
        self.gatewayClasses = gatewayClasses
        self.executable = executable
    }
}
