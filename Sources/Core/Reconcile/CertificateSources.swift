import KubeLegoKube

/// The objects that ask for certificates, as the informer caches hold them: Ingresses always, Gateways when
/// `LEGO_GATEWAY_CLASSES` names any. The reconciler and the controller ask it for intents, so the two kinds
/// share every rule (conflicts between their Secrets, host ownership, the periodic check). What one object's
/// decisions need to know about the others comes from `index`, which the controller keeps from the informers'
/// events (`record`).
struct CertificateSources: Sendable {
    let ingresses: ObjectStore<Ingress>
    /// Nil when Gateways are not watched.
    let gateways: ObjectStore<Gateway>?
    let configuration: Configuration
    /// The providers this binary runs (an Ingress's provider is resolved among them).
    let providerNames: Set<String>
    /// Entries by Secret and claims by host, from every object's last event.
    let index = SourceIndex()
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

    /// The claims the object `key` makes as the cache holds it now.
    func claims(of key: SourceKey) -> [HostClaim] {
        switch key.kind {
        case .ingress: ingresses.get(namespace: key.object.namespace, name: key.object.name).map(HostClaim.claims) ?? []
        case .gateway: gateways?.get(namespace: key.object.namespace, name: key.object.name).map(HostClaim.claims) ?? []
        }
    }

    /// The served objects with an entry naming the Secret `name` in `namespace`.
    func served(naming name: String, in namespace: String) -> [SourceKey] {
        index.keys(naming: ObjectReference(namespace: namespace, name: name))
    }

    /// Records an Ingress's change in the index.
    func record(_ event: InformerEvent<Ingress>) {
        record(event, kind: .ingress, intent: intent(of:), claims: HostClaim.claims)
    }

    /// Records a Gateway's change in the index.
    func record(_ event: InformerEvent<Gateway>) {
        record(event, kind: .gateway, intent: intent(of:), claims: HostClaim.claims)
    }

    private func record<Object: KubeResource>(
        _ event: InformerEvent<Object>, kind: SourceKind, intent: (Object) -> IngressIntent, claims: (Object) -> [HostClaim]
    ) {
        switch event {
        case .added(let object), .updated(_, let object):
            let key = SourceKey(kind, ObjectReference(namespace: object.metadata.namespace ?? "default", name: object.metadata.name))
            let intent = intent(object)
            index.update(key, entries: intent.isServed(by: configuration) ? intent.certificates : [], claims: claims(object))
        case .deleted(let object):
            index.remove(SourceKey(kind, ObjectReference(namespace: object.metadata.namespace ?? "default", name: object.metadata.name)))
        }
    }

    /// The Secret conflicts `intent`'s entries take part in (`SecretConflicts`), from the entries of every served
    /// object naming the same Secrets, with `intent`'s own as they are now.
    func conflicts(of intent: IngressIntent) -> [ObjectReference: [ObjectReference]] {
        var conflicts: [ObjectReference: [ObjectReference]] = [:]
        for secret in Set(intent.certificates.map(\.secret)) {
            let entries = index.entries(naming: secret, replacing: intent.source, with: intent.certificates)
            if let involved = SecretConflicts.find(in: entries)[secret] { conflicts[secret] = involved }
        }
        return conflicts
    }

    /// The claims that decide who holds `host`, with `key`'s own claims as the cache holds them now.
    func claims(for host: String, replacing key: SourceKey) -> [HostClaim] {
        let own = claims(of: key).filter { $0.host == host || HostOwnership.covers(wildcard: $0.host, host: host) }
        return index.claims(for: host, excluding: key) + own
    }
}
