import KubeLegoCore
import KubeLegoKube

/// What one challenge Ingress should say: its class (and how it is named) and its hosts. Pure.
struct ChallengeIngressSpec: Sendable, Hashable {
    /// The annotations every challenge Ingress carries, under both prefixes ingress controllers read.
    static let fixedAnnotations: [(String, String)] = {
        var pairs: [(String, String)] = [
            (Markers.managedAnnotation, "true"),
            (Markers.challengeEndpointsAnnotation, "true"),
        ]
        for prefix in ["ingress.kubernetes.io/", "nginx.ingress.kubernetes.io/"] {
            pairs.append((prefix + "ssl-redirect", "false"))
            pairs.append((prefix + "force-ssl-redirect", "false"))
            pairs.append((prefix + "whitelist-source-range", "0.0.0.0/0,::/0"))
        }
        return pairs
    }()
    /// The class annotation the original and ingress-nginx read.
    static let classAnnotation = "kubernetes.io/ingress.class"
    /// The path routed to the responder.
    static let challengePath = "/.well-known/acme-challenge"

    /// The served class.
    var ingressClass: String
    /// Whether the class is named by annotation rather than `spec.ingressClassName`.
    var classFromAnnotation: Bool
    /// The hosts, sorted and unique.
    var hosts: [String]

    /// The challenge Ingress name for a class: the base name for the default class, `<base>-<class>` otherwise.
    static func name(base: String, ingressClass: String, defaultClass: String) -> String {
        ingressClass == defaultClass ? base : "\(base)-\(ingressClass)"
    }

    /// The specs per class for the routes in force. A class named by annotation on any of its Ingresses is
    /// named by annotation on the challenge Ingress too (every ingress-nginx reads it); else by ingressClassName.
    static func specs(for routes: some Sequence<ChallengeRoutes>) -> [String: ChallengeIngressSpec] {
        var hosts: [String: Set<String>] = [:]
        var byAnnotation: [String: Bool] = [:]
        for route in routes {
            let names = route.hosts.map { $0.lowercased() }.filter { !$0.isEmpty }
            guard !names.isEmpty else { continue }
            hosts[route.ingressClass, default: []].formUnion(names)
            byAnnotation[route.ingressClass] = (byAnnotation[route.ingressClass] ?? false) || route.classFromAnnotation
        }
        var specs: [String: ChallengeIngressSpec] = [:]
        for (ingressClass, names) in hosts {
            specs[ingressClass] = ChallengeIngressSpec(
                ingressClass: ingressClass, classFromAnnotation: byAnnotation[ingressClass] ?? false, hosts: names.sorted())
        }
        return specs
    }

    /// The rules the Ingress should have: one per host, the challenge path with pathType Prefix to the Service.
    func rules(serviceName: String, port: Int) -> [IngressRule] {
        hosts.map { host in
            IngressRule(host: host, paths: [
                HTTPIngressPath(path: Self.challengePath, pathType: "Prefix",
                                backend: IngressBackend(serviceName: serviceName, port: .number(port))),
            ])
        }
    }

    /// Brings `ingress` to this spec, touching only what differs (so an up-to-date object is left equal).
    func apply(to ingress: inout Ingress, serviceName: String, port: Int) {
        var metadata = ingress.metadata
        var labels = metadata.labels
        if labels[Markers.managedByLabel] != Markers.managedByValue { labels[Markers.managedByLabel] = Markers.managedByValue }
        var annotations = metadata.annotations
        for (key, value) in Self.fixedAnnotations where annotations[key] != value { annotations[key] = value }
        let wantedAnnotation = classFromAnnotation ? ingressClass : nil
        if annotations[Self.classAnnotation] != wantedAnnotation { annotations[Self.classAnnotation] = wantedAnnotation }
        metadata.labels = labels
        metadata.annotations = annotations
        if metadata != ingress.metadata { ingress.metadata = metadata }
        let wantedClassName = classFromAnnotation ? nil : ingressClass
        if ingress.ingressClassName != wantedClassName { ingress.ingressClassName = wantedClassName }
        let wanted = rules(serviceName: serviceName, port: port)
        if Self.facts(ingress.rules) != Self.facts(wanted) { ingress.rules = wanted }
        if !ingress.tls.isEmpty { ingress.tls = [] }
        if ingress.defaultBackend != nil { ingress.defaultBackend = nil }
    }

    /// The routing facts of rules, for comparing without caring about member order or server defaults.
    static func facts(_ rules: [IngressRule]) -> [String] {
        rules.flatMap { rule in
            rule.paths.map { path in
                let port = path.backend.servicePort.map { "\($0)" } ?? "-"
                return "\(rule.host ?? "*") \(path.path ?? "") \(path.pathType ?? "") \(path.backend.serviceName ?? "") \(port)"
            }
        }
    }
}
