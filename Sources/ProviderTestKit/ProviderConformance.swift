public import KubeLegoCore
import KubeLegoChallengeSolvers
public import KubeLegoKube
public import KubeLegoSandbox
public import Logging

/// The checks every `IngressProvider` must pass, run against a sandbox API server and a data plane that routes
/// like the provider's ingress controller. No test framework inside: `run()` returns the failures.
///
/// Each check runs in a fresh sandbox namespace (also used as `LEGO_NAMESPACE`) with a fresh host, a user
/// Ingress `app` of `ingressClass` whose TLS entry names that host, and a real `HTTP01Responder` on loopback
/// (`LEGO_PORT` is its port, `LEGO_POD_IP` 127.0.0.1). When `endpoints` is given, a `SandboxPod` labelled
/// `app=<LEGO_SERVICE_SELECTOR>` at the responder's port is registered in that namespace, so selector Services
/// resolve to the responder.
///
/// Checks (see `ConformanceCheck`): (1) expose → within the provider's `propagationTimeout` a GET of
/// `http://<host>/.well-known/acme-challenge/<token>` through the data plane returns the key authorization;
/// (2) a second expose changes no Service, Endpoints or Ingress (resourceVersions equal); (3) withdraw → the
/// route stops answering it and no managed object is left in the namespace; (4) a new provider instance's
/// `reconcile(active: [])` removes what an earlier instance left; (5) a user Ingress with fields no model knows
/// is the same (metadata.resourceVersion and generation aside) after expose and withdraw; (6) each object from
/// `unmanagedObjects` (a challenge object's name, no managed marker) is left unchanged by expose, which throws or
/// emits a Warning Event.
public struct ProviderConformance: Sendable {
    /// Sends `GET path` with `Host: host` through the data plane; returns status and body.
    public typealias DataPlane = @Sendable (_ host: String, _ path: String) async throws -> (status: Int, body: String)
    /// Makes a provider from a context (a new instance each call).
    public typealias Factory = @Sendable (PluginContext) throws -> any IngressProvider
    /// The unmanaged objects to plant for check 6, given the check's namespace and configuration.
    public typealias UnmanagedObjects = @Sendable (_ namespace: String, _ configuration: Configuration) -> [JSONObject]

    /// The sandbox the provider writes to.
    public var sandbox: SandboxAPIServer
    /// Its endpoints controller, when selector Services must resolve to the responder.
    public var endpoints: SandboxEndpointsController?
    /// The data plane.
    public var dataPlane: DataPlane
    /// The provider under test.
    public var makeProvider: Factory
    /// The class of the user Ingresses (of the user Gateways, when `source` is `.gateway`).
    public var ingressClass: String
    /// What the provider serves: Ingresses (the default), or Gateways, for a provider registered with
    /// `register(gatewayProvider:)`. With `.gateway` the user object `app` is a Gateway of class `ingressClass`
    /// with an HTTP listener and an HTTPS listener for the host, plus the user's HTTPRoute `app` for `/`; check 5
    /// compares both, and checks 2-4 look at HTTPRoutes and ReferenceGrants too.
    public var source: SourceKind = .ingress
    /// Whether the user Ingresses name their class by annotation instead of `spec.ingressClassName`.
    public var classFromAnnotation: Bool
    /// Extra `LEGO_*` settings for the configuration.
    public var environment: [String: String]
    /// Objects for check 6.
    public var unmanagedObjects: UnmanagedObjects
    /// The `pathType` of the user Ingress's `/` path ("Prefix"; a controller that takes only
    /// "ImplementationSpecific" says so here).
    public var userPathType: String
    /// Caps the waits for a route or object to go away below the provider's `propagationTimeout` (nil: the full
    /// timeout), so a check expected to fail does not take that long. Waits for a route to serve are never capped.
    public var maximumWait: Duration?
    /// Where the kit logs.
    public var logger: Logger

    /// A conformance run; see the type's documentation for what each part is for.
    public init(
        sandbox: SandboxAPIServer, endpoints: SandboxEndpointsController?, dataPlane: @escaping DataPlane,
        makeProvider: @escaping Factory, ingressClass: String, classFromAnnotation: Bool = false,
        environment: [String: String] = [:], unmanagedObjects: @escaping UnmanagedObjects,
        userPathType: String = "Prefix", maximumWait: Duration? = nil, logger: Logger = Logger(label: "kube-lego.conformance")
    ) {
        self.sandbox = sandbox
        self.endpoints = endpoints
        self.dataPlane = dataPlane
        self.makeProvider = makeProvider
        self.ingressClass = ingressClass
        self.classFromAnnotation = classFromAnnotation
        self.environment = environment
        self.unmanagedObjects = unmanagedObjects
        self.userPathType = userPathType
        self.maximumWait = maximumWait
        self.logger = logger
    }

    /// Runs `checks` (all by default) one after another; returns the failures (empty: the provider conforms).
    /// Throws only when the kit itself cannot run (responder, API client).
    public func run(_ checks: [ConformanceCheck] = ConformanceCheck.allCases) async throws -> [ConformanceFailure] {
        let responder = HTTP01Responder(host: "127.0.0.1", port: 0, version: "conformance", logger: logger)
        let kube = try KubeClient(settings: ConnectionSettings(server: sandbox.baseURL), logger: logger)
        let result: Result<[ConformanceFailure], any Error>
        do {
            result = .success(try await responder.serving { address in
                var failures: [ConformanceFailure] = []
                for (index, check) in checks.enumerated() {
                    let fixture = try await ConformanceFixture.make(
                        self, kube: kube, responder: responder, port: address.port, index: index, check: check)
                    do {
                        failures += try await run(check, fixture)
                    } catch {
                        failures.append(ConformanceFailure(check, "failed with \(error)"))
                    }
                }
                return failures
            })
        } catch {
            result = .failure(error)
        }
        await kube.shutdown()
        return try result.get()
    }

    private func run(_ check: ConformanceCheck, _ fixture: ConformanceFixture) async throws -> [ConformanceFailure] {
        switch check {
        case .exposeServes: try await checkExposeServes(fixture)
        case .exposeIsIdempotent: try await checkExposeIsIdempotent(fixture)
        case .withdrawRemovesRoute: try await checkWithdraw(fixture)
        case .reconcileRemovesLeftovers: try await checkReconcile(fixture)
        case .userIngressPreserved: try await checkUserIngressPreserved(fixture)
        case .unmanagedObjectUntouched: try await checkUnmanaged(fixture)
        }
    }
}
