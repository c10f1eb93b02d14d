/// Finds TLS entries that name the same Secret with different hosts (original kube-lego re-issued such
/// certificates alternately, burning rate limits). Entries sharing a Secret with the same hosts are fine.
public enum SecretConflicts {
    /// The Secrets named by entries whose host sets differ, with the Ingresses involved, sorted.
    public static func find(in entries: [DesiredCertificate]) -> [ObjectReference: [ObjectReference]] {
        var bySecret: [ObjectReference: [DesiredCertificate]] = [:]
        for entry in entries where !entry.secretName.isEmpty && !entry.hosts.isEmpty {
            bySecret[entry.secret, default: []].append(entry)
        }
        var conflicts: [ObjectReference: [ObjectReference]] = [:]
        for (secret, group) in bySecret {
            let hostSets = Set(group.map { Set($0.hosts) })
            guard hostSets.count > 1 else { continue }
            conflicts[secret] = Array(Set(group.map(\.ingress))).sorted()
        }
        return conflicts
    }
}
