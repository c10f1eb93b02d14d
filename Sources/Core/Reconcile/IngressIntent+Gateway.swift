public import KubeLegoKube

/// A Gateway's intent. Its entries are the listeners that terminate TLS (protocol HTTPS, or TLS with mode
/// Terminate) with a `tls.certificateRefs` Secret in the Gateway's namespace; listeners naming one Secret share
/// one certificate for the union of their hostnames (in listener order). Its provider is `gateway` unless the
/// `kubernetes.io/ingress.provider` annotation names another; its challenge annotation works as on an Ingress.
extension IngressIntent {
    /// The provider that routes HTTP-01 challenges through the Gateway API.
    public static let gatewayProvider = "gateway"

    /// Reads the intent of `gateway` under `configuration`.
    public init(_ gateway: Gateway, configuration: Configuration) {
        let reference = ObjectReference(namespace: gateway.metadata.namespace ?? "default", name: gateway.metadata.name)
        let annotations = gateway.metadata.annotations.dictionary
        self.ingress = reference
        self.kind = .gateway
        self.enabled = annotations[configuration.annotationKey]?.lowercased() == "true"
        self.resolution = IngressClassResolution(
            ingressClass: gateway.gatewayClassName?.lowercased() ?? "", fromAnnotation: false,
            provider: annotations[IngressClassResolution.providerAnnotation]?.lowercased() ?? Self.gatewayProvider)
        self.challenge = annotations[Configuration.challengeAnnotation]
            .map { $0.trimmingCharacters(in: " \t").lowercased() }
            .flatMap { $0.isEmpty ? nil : $0 }
        (self.certificates, self.warnings) = Self.entries(of: gateway, reference: reference)
    }

    /// The listeners' certificates grouped by Secret, and what cannot be served.
    private static func entries(of gateway: Gateway, reference: ObjectReference) -> ([DesiredCertificate], [IntentWarning]) {
        var order: [String] = []
        var groups: [String: (index: Int, hosts: [String], listeners: [String])] = [:]
        var warnings: [IntentWarning] = []
        for (index, listener) in gateway.listeners.enumerated() where terminatesTLS(listener) {
            guard let ref = listener.certificateRefs.first else { continue }
            guard ref.group.isEmpty, ref.kind == "Secret", ref.namespace == nil || ref.namespace == reference.namespace, !ref.name.isEmpty else {
                warnings.append(IntentWarning(
                    reason: "UnsupportedCertificateRef",
                    message: "listener \(listener.name): tls.certificateRefs[0] must be a Secret in namespace \(reference.namespace); "
                        + "no certificate ordered for it"))
                continue
            }
            guard let hostname = listener.hostname, !hostname.isEmpty else {
                warnings.append(IntentWarning(
                    reason: "ListenerWithoutHostname",
                    message: "listener \(listener.name) (Secret \(ref.name)) has no hostname, so kube-lego cannot know which "
                        + "names to order; set spec.listeners[].hostname"))
                continue
            }
            if groups[ref.name] == nil {
                order.append(ref.name)
                groups[ref.name] = (index, [], [])
            }
            groups[ref.name]?.hosts.append(hostname)
            groups[ref.name]?.listeners.append(listener.name)
        }
        let certificates = order.compactMap { secret in
            groups[secret].map { group in
                DesiredCertificate(ingress: reference, index: group.index, secretName: secret, hosts: group.hosts,
                                   kind: .gateway, listeners: group.listeners)
            }
        }
        return (certificates, warnings)
    }

    /// True for a listener that terminates TLS with a certificate of its own: HTTPS, or TLS in Terminate mode.
    static func terminatesTLS(_ listener: GatewayListener) -> Bool {
        switch listener.transportProtocol.uppercased() {
        case "HTTPS": return listener.tlsMode != "Passthrough"
        case "TLS": return listener.tlsMode == "Terminate"
        default: return false
        }
    }
}

extension HostClaim {
    /// Every claim `gateway` makes: one per distinct listener hostname. A Gateway's listeners route their
    /// hostnames as an Ingress's rules route theirs.
    public static func claims(of gateway: Gateway) -> [HostClaim] {
        let reference = ObjectReference(namespace: gateway.metadata.namespace ?? "default", name: gateway.metadata.name)
        let created = gateway.metadata.creationTimestamp.flatMap(KubeTime.parse)
        let hosts = Set(gateway.listeners.compactMap(\.hostname).map(HostNameRules.normalised).filter { !$0.isEmpty })
        return hosts.sorted().map { HostClaim(ingress: reference, host: $0, created: created) }
    }
}
