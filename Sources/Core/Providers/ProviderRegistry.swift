/// The providers compiled into a binary, by name. The executable registers them; Core never names one.
public struct ProviderRegistry: Sendable {
    /// Makes a provider from the controller's context.
    public typealias Factory = @Sendable (ProviderContext) throws -> any IngressProvider

    private var factories: [String: Factory] = [:]

    /// An empty registry.
    public init() {}

    /// Adds a provider under `name` (lowercase, as `LEGO_SUPPORTED_INGRESS_PROVIDER` names it).
    public mutating func register(_ name: String, _ factory: @escaping Factory) {
        factories[name.lowercased()] = factory
    }

    /// The registered names.
    public var names: Set<String> { Set(factories.keys) }

    /// Makes the providers `names` asks for, keyed by name; an unknown name throws `invalidSetting`.
    public func make(_ names: [String], context: ProviderContext) throws -> [String: any IngressProvider] {
        var providers: [String: any IngressProvider] = [:]
        for name in names {
            guard let factory = factories[name] else {
                throw CoreError(.invalidSetting, "no provider named \(name) in this binary", subject: "LEGO_SUPPORTED_INGRESS_PROVIDER")
            }
            providers[name] = try factory(context)
        }
        return providers
    }
}
