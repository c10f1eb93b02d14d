public import KubeLegoKube

/// What an Ingress asks of kube-lego: whether it is enabled, which class and provider serve it, and the
/// certificates its `spec.tls` entries name. A Gateway's intent has the same shape (`IngressIntent+Gateway`):
/// its class is `spec.gatewayClassName`, its entries are its TLS listeners grouped by Secret.
public struct IngressIntent: Sendable, Equatable {
    /// The Ingress (or Gateway, see `kind`).
    public var ingress: ObjectReference
    /// Ingress or Gateway.
    public var kind: SourceKind = .ingress
    /// True when the enabling annotation (LEGO_KUBE_ANNOTATION) is "true", compared case-insensitively.
    public var enabled: Bool
    /// Class and provider.
    public var resolution: IngressClassResolution
    /// One per `spec.tls` entry, in order.
    public var certificates: [DesiredCertificate]
    /// The challenge method the Ingress asks for (annotation `kube-lego.io/challenge`), lowercased; nil: the
    /// default.
    public var challenge: String?

    /// Reads the intent of `ingress` under `configuration`; `providerNames` are the providers this binary has.
    public init(_ ingress: Ingress, configuration: Configuration, providerNames: Set<String>) {
        let reference = ObjectReference(namespace: ingress.metadata.namespace ?? "default", name: ingress.metadata.name)
        let annotations = ingress.metadata.annotations.dictionary
        self.ingress = reference
        self.enabled = annotations[configuration.annotationKey]?.lowercased() == "true"
        self.resolution = IngressClassResolution.resolve(
            annotations: annotations, ingressClassName: ingress.ingressClassName, configuration: configuration,
            providerNames: providerNames)
        self.challenge = annotations[Configuration.challengeAnnotation]
            .map { $0.trimmingCharacters(in: " \t").lowercased() }
            .flatMap { $0.isEmpty ? nil : $0 }
        self.certificates = ingress.tls.enumerated().map { index, entry in
            DesiredCertificate(ingress: reference, index: index, secretName: entry.secretName ?? "", hosts: entry.hosts)
        }
    }

    /// What the object asks for that kube-lego cannot give, reported as Warning Events (a Gateway listener
    /// without a hostname, say); the rest of the object is served.
    public var warnings: [IntentWarning] = []

    /// The object with its kind.
    public var source: SourceKey { SourceKey(kind, ingress) }

    /// True when kube-lego should act on this object: enabled and of a supported (Ingress or Gateway) class.
    public func isServed(by configuration: Configuration) -> Bool {
        guard enabled else { return false }
        switch kind {
        case .ingress: return resolution.isSupported(by: configuration)
        case .gateway: return configuration.gatewayClasses.contains(resolution.ingressClass) || configuration.gatewayClasses.contains("*")
        }
    }

    /// Every host of every entry, de-duplicated, in order.
    public var allHosts: [String] {
        var seen = Set<String>()
        return certificates.flatMap(\.hosts).filter { seen.insert($0).inserted }
    }
}

extension IngressIntent {
    /// True when a change from `old` to `new` may change what kube-lego should do: the spec, the enabling
    /// annotation (the original missed a flip to "true"), or the class, provider and challenge annotations. Status-only and
    /// other metadata changes are ignored, so our own writes and controllers updating status cause no loops.
    public static func isRelevantChange<Object: KubeResource>(from old: Object, to new: Object, annotationKey: String) -> Bool {
        if old.raw["spec"] != new.raw["spec"] { return true }
        let keys = [
            annotationKey, IngressClassResolution.classAnnotation, IngressClassResolution.providerAnnotation,
            Configuration.challengeAnnotation,
        ]
        return keys.contains { old.metadata.annotations[$0] != new.metadata.annotations[$0] }
    }
}

/// Something an object asks for that kube-lego cannot give: a Warning Event on the object.
public struct IntentWarning: Sendable, Equatable {
    /// The Event reason, e.g. "ListenerWithoutHostname".
    public var reason: String
    /// The Event message.
    public var message: String

    /// Makes a warning.
    public init(reason: String, message: String) {
        self.reason = reason
        self.message = message
    }
}
