import KubeLegoCore
import KubeLegoKube

/// What one challenge Ingress for Traefik says: its class (and how it is named) and its hosts. Pure.
///
/// Traefik turns each Ingress path into a router whose default priority is the length of its rule, so a user's
/// long rule (many hosts, a regex) could outrank `/.well-known/acme-challenge`. The challenge Ingress therefore
/// names its priority (`traefik.ingress.kubernetes.io/router.priority`), and, when configured, the entry points.
struct TraefikChallengeIngress: Sendable, Hashable {
    static let priorityAnnotation = "traefik.ingress.kubernetes.io/router.priority"
    static let entryPointsAnnotation = "traefik.ingress.kubernetes.io/router.entrypoints"
    static let classAnnotation = "kubernetes.io/ingress.class"
    static let challengePath = "/.well-known/acme-challenge"

    var ingressClass: String
    var classFromAnnotation: Bool
    var hosts: [String]

    /// One spec per class for the routes in force; a class named by annotation on any served Ingress is named by
    /// annotation on the challenge Ingress too.
    static func specs(for routes: some Sequence<ChallengeRoutes>) -> [String: TraefikChallengeIngress] {
        var specs: [String: TraefikChallengeIngress] = [:]
        for route in routes where !route.hosts.isEmpty {
            var spec = specs[route.ingressClass] ?? TraefikChallengeIngress(ingressClass: route.ingressClass, classFromAnnotation: false, hosts: [])
            spec.classFromAnnotation = spec.classFromAnnotation || route.classFromAnnotation
            spec.hosts = Array(Set(spec.hosts + route.hosts)).sorted()
            specs[route.ingressClass] = spec
        }
        return specs
    }

    /// The Ingress name for a class: the base name for the default class, `<base>-<class>` otherwise.
    static func name(base: String, ingressClass: String, defaultClass: String) -> String {
        ingressClass == defaultClass ? base : "\(base)-\(ingressClass)"
    }

    /// Brings `ingress` to this spec, touching only what differs, so an up-to-date object compares equal.
    func apply(to ingress: inout Ingress, settings: TraefikSettings, port: Int) {
        var metadata = ingress.metadata
        if metadata.labels[Markers.managedByLabel] != Markers.managedByValue { metadata.labels[Markers.managedByLabel] = Markers.managedByValue }
        let wanted: [String: String?] = [
            Markers.managedAnnotation: "true",
            Markers.challengeEndpointsAnnotation: "true",
            Self.priorityAnnotation: String(settings.routerPriority),
            Self.entryPointsAnnotation: settings.entryPoints.isEmpty ? nil : settings.entryPoints.joined(separator: ","),
            Self.classAnnotation: classFromAnnotation ? ingressClass : nil,
        ]
        for (key, value) in wanted where metadata.annotations[key] != value { metadata.annotations[key] = value }
        if metadata != ingress.metadata { ingress.metadata = metadata }
        let className = classFromAnnotation ? nil : ingressClass
        if ingress.ingressClassName != className { ingress.ingressClassName = className }
        let rules = hosts.map { host in
            IngressRule(host: host, paths: [HTTPIngressPath(
                path: Self.challengePath, pathType: "Prefix", backend: IngressBackend(serviceName: settings.name, port: .number(port)))])
        }
        if Self.facts(ingress.rules) != Self.facts(rules) { ingress.rules = rules }
        if !ingress.tls.isEmpty { ingress.tls = [] }
    }

    /// The routing facts of rules, ignoring member order and server-filled fields.
    static func facts(_ rules: [IngressRule]) -> [String] {
        rules.flatMap { rule in
            rule.paths.map { path in
                let port = path.backend.servicePort.map { "\($0)" } ?? "-"
                return "\(rule.host ?? "*") \(path.path ?? "") \(path.pathType ?? "") \(path.backend.serviceName ?? "") \(port)"
            }
        }.sorted()
    }
}
