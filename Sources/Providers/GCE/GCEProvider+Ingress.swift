import KubeLegoCore
import KubeLegoKube

/// Reading and editing the user's Ingress: only `spec.rules` is ever changed.
extension GCEProvider {
    /// Rewrites the challenge paths of the Ingress so exactly `hosts(fresh)` carry one, re-reading it on every
    /// conflict. Returns the Ingress as stored, or nil when it does not exist.
    @discardableResult
    func editRules(
        of reference: ObjectReference, hosts: @escaping @Sendable (Ingress) -> Set<String>
    ) async throws(GCEProviderError) -> Ingress? {
        let paths = self.paths
        do throws(KubeError) {
            return try await context.kube.updateWithRetry(Ingress.self, namespace: reference.namespace, name: reference.name) {
                ingress in
                let rewritten = paths.rewrite(ingress.rules, hosts: hosts(ingress))
                if rewritten != ingress.rules { ingress.rules = rewritten }
            }
        } catch where error.code == .notFound {
            return nil
        } catch {
            throw Self.failure(error)
        }
    }

    /// The lowercased hosts of every `spec.tls` entry.
    static func tlsHosts(_ ingress: Ingress) -> Set<String> {
        Set(ingress.tls.flatMap(\.hosts).map { $0.lowercased() })
    }

    /// True while kube-lego still serves the Ingress through this provider: the enabling annotation is "true"
    /// and its class resolves to a supported class handled by "gce".
    nonisolated func isServed(_ ingress: Ingress) -> Bool {
        let configuration = context.configuration
        let annotations = ingress.metadata.annotations.dictionary
        guard annotations[configuration.annotationKey] == "true" else { return false }
        let resolution = IngressClassResolution.resolve(
            annotations: annotations, ingressClassName: ingress.ingressClassName, configuration: configuration,
            providerNames: Set(configuration.supportedProviders))
        return resolution.provider == name && resolution.isSupported(by: configuration)
    }

    /// The hosts that should carry a challenge path: those an order needs now, plus (when paths are kept
    /// between renewals) those that already carry one and are still TLS hosts of a served Ingress.
    nonisolated func desiredHosts(_ ingress: Ingress, active: Set<String>?) -> Set<String> {
        var hosts = active ?? []
        if keepChallengePaths, isServed(ingress) {
            hosts.formUnion(paths.hostsWithChallengePath(ingress.rules).intersection(Self.tlsHosts(ingress)))
        }
        return hosts
    }

    /// Wraps a Kubernetes API failure.
    static func failure(_ error: KubeError) -> GCEProviderError {
        GCEProviderError(
            .kubernetes, "\(error.verb ?? "request") failed: \(error.reason) (\(error.code.rawValue))",
            object: error.object ?? "", isTransient: error.isTransient)
    }
}
