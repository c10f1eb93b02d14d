/// A plugin as a binary registers it: its name, the settings it reads, and how to make it from the controller's
/// context. `ProviderRegistration` and `ChallengeMethodRegistration` are this type for providers and methods.
public struct PluginRegistration<Plugin>: Sendable {
    /// Makes the plugin; throws `CoreError.invalidSetting` for a bad setting. (A challenge method's factory
    /// returns nil when its settings leave it unconfigured, e.g. DNS-01 without a name server.)
    public typealias Factory = @Sendable (PluginContext) throws -> Plugin

    /// The plugin's name, lowercase: what Ingress classes, `LEGO_SUPPORTED_INGRESS_PROVIDER`, the
    /// `kube-lego.io/challenge` annotation and `LEGO_DEFAULT_CHALLENGE` say.
    public let name: String
    /// The settings the plugin reads from `PluginContext.settings`.
    public let settings: [Setting]
    /// Makes the plugin.
    public let make: Factory

    /// Declares a plugin.
    public init(_ name: String, settings: [Setting] = [], make: @escaping Factory) {
        self.name = name.lowercased()
        self.settings = settings
        self.make = make
    }
}

/// A provider as a binary registers it.
public typealias ProviderRegistration = PluginRegistration<any IngressProvider>

/// A challenge method as a binary registers it; its factory returns nil when the method is not configured.
public typealias ChallengeMethodRegistration = PluginRegistration<(any ChallengeMethod)?>
