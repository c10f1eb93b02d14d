public import KubeLegoKube
public import Logging

/// What a provider is given when it is made: the cluster, the configuration, a way to report, a logger.
public struct ProviderContext: Sendable {
    /// The Kubernetes API client, shared by the whole controller.
    public let kube: KubeClient
    /// The controller's configuration.
    public let configuration: Configuration
    /// Where Kubernetes Events go.
    public let events: any EventSink
    /// A logger with the provider's name in its metadata.
    public let logger: Logger

    /// Makes a context.
    public init(kube: KubeClient, configuration: Configuration, events: any EventSink, logger: Logger) {
        self.kube = kube
        self.configuration = configuration
        self.events = events
        self.logger = logger
    }
}
