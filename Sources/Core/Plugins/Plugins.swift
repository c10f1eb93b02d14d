/// Everything a binary plugs into Core: its providers and its challenge methods. The stock `kube-lego` and a
/// third party's binary hand one of these to the same entry point.
public struct Plugins: Sendable {
    /// The providers, in registration order.
    public var providers = ProviderRegistry()
    /// Providers that route challenges for Gateways (`LEGO_GATEWAY_CLASSES`), chosen by a Gateway's
    /// `kubernetes.io/ingress.provider` annotation, else `gateway`. They are no Ingress class: made only when
    /// Gateways are served, and never in `LEGO_SUPPORTED_INGRESS_PROVIDER`.
    public var gatewayProviders = ProviderRegistry()
    /// The challenge methods, in registration order.
    public private(set) var challengeMethods: [ChallengeMethodRegistration] = []

    /// No plugins.
    public init() {}

    /// Adds a provider; a later registration of the same name replaces the earlier one.
    public mutating func register(_ provider: ProviderRegistration) {
        providers.register(provider)
    }

    /// Adds a provider for Gateways; a later registration of the same name replaces the earlier one.
    public mutating func register(gatewayProvider provider: ProviderRegistration) {
        gatewayProviders.register(provider)
    }

    /// Adds a challenge method; a later registration of the same name replaces the earlier one.
    public mutating func register(_ method: ChallengeMethodRegistration) {
        challengeMethods.removeAll { $0.name == method.name }
        challengeMethods.append(method)
    }

    /// Every setting the plugins declare, providers first.
    public var settings: [Setting] { providers.settings + gatewayProviders.settings + challengeMethods.flatMap(\.settings) }

    /// Makes every configured challenge method, keyed by name (unconfigured ones are left out).
    public func makeChallengeMethods(context: PluginContext) throws -> [String: any ChallengeMethod] {
        var methods: [String: any ChallengeMethod] = [:]
        for registration in challengeMethods {
            if let method = try registration.make(context) { methods[registration.name] = method }
        }
        return methods
    }
}
