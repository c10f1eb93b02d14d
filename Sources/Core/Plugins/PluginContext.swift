public import KubeLegoKube
public import Logging

/// What a provider or a challenge method is given when it is made: the cluster, the core configuration, the
/// values of the settings it declared, a way to report, and a logger.
public struct PluginContext: Sendable {
    /// The Kubernetes API client, shared by the whole controller.
    public let kube: KubeClient
    /// The core configuration.
    public let configuration: Configuration
    /// Every `LEGO_*` value the binary was started with; a plugin reads the settings it declared from here
    /// and throws `CoreError.invalidSetting` (exit code 2) for a value it cannot use.
    public let settings: SettingValues
    /// Where Kubernetes Events go.
    public let events: any EventSink
    /// A logger for the plugin.
    public let logger: Logger

    /// Makes a context.
    public init(kube: KubeClient, configuration: Configuration, settings: SettingValues, events: any EventSink, logger: Logger) {
        self.kube = kube
        self.configuration = configuration
        self.settings = settings
        self.events = events
        self.logger = logger
    }
}
