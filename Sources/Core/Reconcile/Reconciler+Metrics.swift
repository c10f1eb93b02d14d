import Synchronization

/// Which Secrets have per-Secret series (`kube_lego_certificate_*{namespace,secret}`), so that the series of a
/// Secret no served Ingress names any more (Ingress deleted, annotation removed, TLS entry removed) go away.
extension Reconciler {
    /// True when `desired` gets per-Secret series: it names a Secret and lists hosts (an entry without hosts is
    /// the ingress controller's default certificate, never kube-lego's to order).
    static func hasMetrics(_ desired: DesiredCertificate) -> Bool {
        !desired.secretName.isEmpty && !desired.hosts.isEmpty
    }

    /// Records that `ingress` now names exactly the Secrets of `secrets` (none once it is no longer served) and
    /// removes the series of Secrets that no served Ingress names any more. Called before the pass records
    /// anything, and the series go inside the same lock, so a concurrent pass of another Ingress naming the same
    /// Secret either keeps it or records it anew after the removal.
    func report(_ ingress: SourceKey, secrets: [DesiredCertificate]) {
        let current = Set(secrets.filter(Self.hasMetrics).map(\.secret))
        reported.withLock { map in
            let before = map[ingress] ?? []
            map[ingress] = current.isEmpty ? nil : current
            let dropped = before.subtracting(current)
            guard !dropped.isEmpty else { return }
            let stillNamed = map.values.reduce(into: Set<ObjectReference>()) { $0.formUnion($1) }
            for secret in dropped where !stillNamed.contains(secret) {
                environment.metrics.forgetCertificate(secret)
            }
        }
    }
}
