/// Which class an Ingress belongs to and which provider serves it, as the original kube-lego resolved them,
/// extended with `spec.ingressClassName`.
public struct IngressClassResolution: Sendable, Equatable {
    /// The class, lowercased.
    public var ingressClass: String
    /// True when it came from the `kubernetes.io/ingress.class` annotation.
    public var fromAnnotation: Bool
    /// The provider's name.
    public var provider: String

    /// Makes a resolution.
    public init(ingressClass: String, fromAnnotation: Bool, provider: String) {
        self.ingressClass = ingressClass
        self.fromAnnotation = fromAnnotation
        self.provider = provider
    }

    /// Annotation that names the class.
    public static let classAnnotation = "kubernetes.io/ingress.class"
    /// Annotation that names a provider explicitly.
    public static let providerAnnotation = "kubernetes.io/ingress.provider"

    /// Resolves the class (annotation, else `spec.ingressClassName`, else the default class) and the provider
    /// (annotation, else the class when a provider has that name, else the default provider).
    public static func resolve(
        annotations: [String: String], ingressClassName: String?, configuration: Configuration,
        providerNames: Set<String>
    ) -> IngressClassResolution {
        let ingressClass: String
        let fromAnnotation: Bool
        if let annotated = annotations[classAnnotation] {
            ingressClass = annotated.lowercased()
            fromAnnotation = true
        } else if let named = ingressClassName {
            ingressClass = named.lowercased()
            fromAnnotation = false
        } else {
            ingressClass = configuration.defaultClass
            fromAnnotation = false
        }
        let provider: String
        if let named = annotations[providerAnnotation] {
            provider = named.lowercased()
        } else if providerNames.contains(ingressClass) {
            provider = ingressClass
        } else {
            provider = configuration.defaultProvider
        }
        return IngressClassResolution(ingressClass: ingressClass, fromAnnotation: fromAnnotation, provider: provider)
    }

    /// True when kube-lego serves this class.
    public func isSupported(by configuration: Configuration) -> Bool {
        configuration.supportedClasses.contains(ingressClass)
    }
}
