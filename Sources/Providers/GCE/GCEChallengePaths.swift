public import KubeLegoKube

/// The challenge path the GCE provider puts first in a user's Ingress rules, and the pure rewrite of
/// `spec.rules` that adds and removes it. Nothing else in the Ingress is touched.
///
/// A path is kube-lego's when it is `/.well-known/acme-challenge/*` and its backend is the challenge Service;
/// a user's own path of the same string to another Service is left alone.
public struct GCEChallengePaths: Sendable, Hashable {
    /// The GCE glob that sends every challenge token of a host to the challenge Service.
    public static let path = "/.well-known/acme-challenge/*"

    /// `LEGO_SERVICE_NAME_GCE`: the Service in the Ingress's namespace the path points at.
    public let serviceName: String
    /// `LEGO_PORT`: the Service port the path points at.
    public let port: Int

    /// Makes the rewrite for one Service name and port.
    public init(serviceName: String, port: Int) {
        self.serviceName = serviceName
        self.port = port
    }

    /// The path entry as kube-lego writes it (GCE accepts only `ImplementationSpecific`).
    public var challengePath: HTTPIngressPath {
        HTTPIngressPath(path: Self.path, backend: IngressBackend(serviceName: serviceName, port: .number(port)))
    }

    /// True when `entry` is kube-lego's challenge path (any port, so a changed `LEGO_PORT` is found too).
    public func isChallengePath(_ entry: HTTPIngressPath) -> Bool {
        entry.path == Self.path && entry.backend.serviceName == serviceName
    }

    /// The (lowercased) hosts whose rule carries kube-lego's challenge path.
    public func hostsWithChallengePath(_ rules: [IngressRule]) -> Set<String> {
        Set(rules.compactMap { rule in
            guard let host = rule.host, rule.paths.contains(where: isChallengePath) else { return nil }
            return host.lowercased()
        })
    }

    /// `rules` with the challenge path first in the rule of each of `hosts` (a rule appended, in host order,
    /// for a host without one) and removed from every other rule. A rule left without paths is dropped (it
    /// held only the challenge path). Rules that need no change keep their exact JSON.
    public func rewrite(_ rules: [IngressRule], hosts: Set<String>) -> [IngressRule] {
        var result: [IngressRule] = []
        var covered: Set<String> = []
        for rule in rules {
            let host = rule.host?.lowercased()
            let wanted = host.map(hosts.contains) ?? false
            let others = rule.paths.filter { !isChallengePath($0) }
            if wanted, let host {
                covered.insert(host)
                if let first = rule.paths.first, isCurrent(first), Array(rule.paths.dropFirst()) == others {
                    result.append(rule)
                } else {
                    var edited = rule
                    edited.paths = [challengePath] + others
                    result.append(edited)
                }
            } else if others.count == rule.paths.count {
                result.append(rule)
            } else if !others.isEmpty {
                var edited = rule
                edited.paths = others
                result.append(edited)
            }
        }
        for host in hosts.sorted() where !covered.contains(host) {
            result.append(IngressRule(host: host, paths: [challengePath]))
        }
        return result
    }

    /// True when `entry` is exactly the challenge path this configuration writes.
    private func isCurrent(_ entry: HTTPIngressPath) -> Bool {
        isChallengePath(entry) && entry.backend.servicePort == .number(port) && entry.pathType == "ImplementationSpecific"
    }
}
