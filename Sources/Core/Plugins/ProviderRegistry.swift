/// The providers compiled into a binary, in registration order. The entry point makes the ones
/// `LEGO_SUPPORTED_INGRESS_PROVIDER` asks for; Core never names one.
public struct ProviderRegistry: Sendable {
    private var registrations: [ProviderRegistration] = []

    /// An empty registry.
    public init() {}

    /// Adds a provider; a later registration of the same name replaces the earlier one.
    public mutating func register(_ registration: ProviderRegistration) {
        registrations.removeAll { $0.name == registration.name }
        registrations.append(registration)
    }

    /// The registered names, in registration order (the first is the default class).
    public var names: [String] { registrations.map(\.name) }

    /// Every setting the registered providers declare.
    public var settings: [Setting] { registrations.flatMap(\.settings) }

    /// Makes the providers `names` asks for, keyed by name; an unknown name throws `invalidSetting`.
    public func make(_ names: [String], context: PluginContext) throws -> [String: any IngressProvider] {
        var providers: [String: any IngressProvider] = [:]
        for name in names {
            guard let registration = registrations.first(where: { $0.name == name }) else {
                throw CoreError(.invalidSetting, "no provider named \(name) in this binary", subject: "LEGO_SUPPORTED_INGRESS_PROVIDER")
            }
            providers[name] = try registration.make(context)
        }
        return providers
    }
}
