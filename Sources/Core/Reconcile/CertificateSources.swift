import KubeLegoKube

/// The objects that ask for certificates, as the informer caches hold them: Ingresses always, Gateways when
/// `LEGO_GATEWAY_CLASSES` names any. The reconciler and the controller ask it for intents, so the two kinds
/// share every rule (conflicts between their Secrets, host ownership, the periodic check).
struct CertificateSources: Sendable {
    let ingresses: ObjectStore<Ingress>
    /// Nil when Gateways are not watched.
    let gateways: ObjectStore<Gateway>?
    let configuration: Configuration
    /// The providers this binary runs (an Ingress's provider is resolved among them).
    let providerNames: Set<String>
    /// The managed Secrets as the Secret informer caches them (metadata only).
    let secrets: ObjectStore<Secret>
    /// The planner's facts about the cached Secrets, derived when they were cached.
    let secretFacts: ManagedSecretFacts

    /// The intent of the object `key` names; nil when it does not exist (or Gateways are not watched).
    func intent(for key: SourceKey) -> IngressIntent? {
        switch key.kind {
        case .ingress:
            ingresses.get(namespace: key.object.namespace, name: key.object.name).map(intent(of:))
        case .gateway:
            gateways?.get(namespace: key.object.namespace, name: key.object.name).map(intent(of:))
        }
    }

    /// The intent of an Ingress.
    func intent(of ingress: Ingress) -> IngressIntent {
        IngressIntent(ingress, configuration: configuration, providerNames: providerNames)
    }

    /// The intent of a Gateway.
    func intent(of gateway: Gateway) -> IngressIntent {
        IngressIntent(gateway, configuration: configuration)
    }

    /// The intents of every served object, in `namespace` or everywhere.
    func served(in namespace: String? = nil) -> [IngressIntent] {
        let fromIngresses = ingresses.list(namespace: namespace).map(intent(of:))
        let fromGateways = (gateways?.list(namespace: namespace) ?? []).map(intent(of:))
        return (fromIngresses + fromGateways).filter { $0.isServed(by: configuration) }
    }

    /// Every host claim: the rule hosts of every Ingress and the listener hostnames of every Gateway.
    func claims() -> [HostClaim] {
        ingresses.list().flatMap(HostClaim.claims) + (gateways?.list() ?? []).flatMap(HostClaim.claims)
    }

    /// The served objects in `namespace` with an entry naming the Secret `name`.
    func served(naming name: String, in namespace: String) -> [SourceKey] {
        served(in: namespace).filter { $0.certificates.contains { $0.secretName == name } }.map(\.source)
    }
}
