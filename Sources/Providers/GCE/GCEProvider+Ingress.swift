import KubeLegoCore
import KubeLegoKube
import Logging

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

    /// True while kube-lego still serves the Ingress through this provider: Core's own reading of the Ingress
    /// (enabling annotation compared case-insensitively, class and provider resolution) says it is served and
    /// its provider is "gce".
    nonisolated func isServed(_ ingress: Ingress) -> Bool {
        let configuration = context.configuration
        let intent = IngressIntent(ingress, configuration: configuration, providerNames: Set(configuration.supportedProviders))
        return intent.isServed(by: configuration) && intent.resolution.provider == name
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

    /// Emits a Warning Event when the Ingress has a path GCE's load balancer refuses (any `pathType` but
    /// `ImplementationSpecific`): GCE then programs none of the Ingress, challenge path included.
    func warnAboutUnsupportedPaths(_ ingress: Ingress, reference: ObjectReference) async {
        let refused = ingress.rules.flatMap(\.paths).filter { $0.pathType != "ImplementationSpecific" }
        guard let first = refused.first else { return }
        let message = "path \(first.path ?? "/") has pathType \(first.pathType ?? "none"); the GCE load balancer accepts only "
            + "ImplementationSpecific and will not route this Ingress, so its challenges cannot be answered"
        logger.warning("unsupported path type", metadata: ["ingress.namespace": "\(reference.namespace)", "ingress.name": "\(reference.name)"])
        await context.events.emit(.ingress(reference, .warning, "UnsupportedPathType", message))
    }

    /// Wraps a Kubernetes API failure.
    static func failure(_ error: KubeError) -> GCEProviderError {
        GCEProviderError(
            .kubernetes, "\(error.verb ?? "request") failed: \(error.reason) (\(error.code.rawValue))",
            object: error.object ?? "", isTransient: error.isTransient)
    }
}
