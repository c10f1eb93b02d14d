public import KubeLegoACME
public import KubeLegoCore
public import Logging

/// DNS-01 as Core sees it: the CA's question is answered by TXT records written over RFC 2136, so the
/// Ingress's provider is never asked for a route, and wildcard hosts can be validated.
///
/// The method exists only when `LEGO_DNS01_NAMESERVER` is set; the other `LEGO_DNS01_*` settings are read
/// and checked at start-up, so a wrong TSIG algorithm or zone stops the binary with exit code 2 instead of
/// failing the first order. One solver serves every certificate: it keeps per challenge the exact value it added.
public struct DNS01Method: ChallengeMethod {
    /// "dns-01".
    public var name: String { Self.name }
    /// The name the `kube-lego.io/challenge` annotation and `LEGO_DEFAULT_CHALLENGE` use.
    public static let name = "dns-01"

    private let solver: DNS01Solver

    /// Makes the method around one solver.
    public init(solver: DNS01Solver) {
        self.solver = solver
    }

    /// The `LEGO_DNS01_*` declarations, as `kube-lego run --help` and the README list them.
    public static let declarations: [Setting] = RFC2136Configuration.settingDocs.map { doc in
        Setting(doc.variable, flag: String(doc.flag.drop { $0 == "-" }), default: doc.defaultValue, help: doc.help,
                secret: doc.variable == "LEGO_DNS01_TSIG_SECRET")
    }

    /// The registration: its settings, and a factory that returns nil (method not offered) without a name server.
    public static let registration = ChallengeMethodRegistration(name, settings: declarations) { context in
        try make(settings: context.settings, logger: context.logger)
    }

    /// The method for `settings`, nil when `LEGO_DNS01_NAMESERVER` is unset; invalid settings throw
    /// `CoreError.invalidSetting` naming the variable (never a secret's value).
    public static func make(settings: SettingValues, logger: Logger) throws(CoreError) -> DNS01Method? {
        guard settings.value("LEGO_DNS01_NAMESERVER") != nil else { return nil }
        do throws(DNSError) {
            let configuration = try RFC2136Configuration.parse { settings.value($0) }
            logger.info("dns-01 configured", metadata: ["dns.configuration": "\(configuration)"])
            return DNS01Method(solver: try DNS01Solver(configuration: configuration, logger: logger))
        } catch {
            throw CoreError(.invalidSetting, error.reason)  // the reason names the variable
        }
    }

    /// Every host, wildcards included.
    public func canValidate(host: String) -> Bool { true }

    /// The solver; nothing is routed and no provider is called.
    public func prepare(_ target: ChallengeTarget) async throws -> [any ChallengeSolver] { [solver] }

    /// Nothing to undo: the solver deletes each record it added as soon as its challenge is done.
    public func finish(_ target: ChallengeTarget) async {}
}
