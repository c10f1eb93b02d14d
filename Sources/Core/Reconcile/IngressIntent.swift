public import KubeLegoKube

/// What an Ingress asks of kube-lego: whether it is enabled, which class and provider serve it, and the
/// certificates its `spec.tls` entries name.
public struct IngressIntent: Sendable, Equatable {
    /// The Ingress.
    public var ingress: ObjectReference
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

    /// True when kube-lego should act on this Ingress: enabled and of a supported class.
    public func isServed(by configuration: Configuration) -> Bool {
        enabled && resolution.isSupported(by: configuration)
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
    public static func isRelevantChange(from old: Ingress, to new: Ingress, annotationKey: String) -> Bool {
        if old.raw["spec"] != new.raw["spec"] { return true }
        let keys = [
            annotationKey, IngressClassResolution.classAnnotation, IngressClassResolution.providerAnnotation,
            Configuration.challengeAnnotation,
        ]
        return keys.contains { old.metadata.annotations[$0] != new.metadata.annotations[$0] }
    }
}
