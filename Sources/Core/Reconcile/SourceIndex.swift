import Synchronization

/// What the decisions of one object need to know about all the others, kept up to date from the informers'
/// events instead of being recomputed from every cached object for each key: the TLS entries of every served
/// object by the Secret they name (for Secret conflicts and for the objects to look at when a Secret changes),
/// and every object's host claims by host (for `LEGO_HOST_POLICY=routed`). An update costs the size of one
/// object, a look-up the number of entries naming one Secret or claims naming one host, so a pass over N objects
/// costs O(N) instead of O(N²).
final class SourceIndex: Sendable {
    private struct State {
        /// The entries of each served object.
        var entries: [SourceKey: [DesiredCertificate]] = [:]
        /// The served objects with an entry naming each Secret.
        var namingSecret: [ObjectReference: Set<SourceKey>] = [:]
        /// The host claims of each object (served or not).
        var claims: [SourceKey: [HostClaim]] = [:]
        /// The objects claiming each host.
        var claimingHost: [String: Set<SourceKey>] = [:]
    }

    private let state = Mutex(State())

    /// Records what `key` holds now: the entries it asks certificates for (none when it is not served) and the
    /// hosts it routes.
    func update(_ key: SourceKey, entries: [DesiredCertificate], claims: [HostClaim]) {
        state.withLock { state in
            Self.drop(key, from: &state)
            if !entries.isEmpty {
                state.entries[key] = entries
                for secret in Set(entries.map(\.secret)) { state.namingSecret[secret, default: []].insert(key) }
            }
            if !claims.isEmpty {
                state.claims[key] = claims
                for host in Set(claims.map(\.host)) { state.claimingHost[host, default: []].insert(key) }
            }
        }
    }

    /// Forgets a deleted object.
    func remove(_ key: SourceKey) {
        state.withLock { Self.drop(key, from: &$0) }
    }

    /// The served objects with an entry naming `secret`, sorted.
    func keys(naming secret: ObjectReference) -> [SourceKey] {
        state.withLock { Array($0.namingSecret[secret] ?? []) }.sorted()
    }

    /// The entries of every served object naming `secret`, with `key`'s own replaced by `current` (its entries as
    /// the reconciler sees them now, which may be newer than the last event).
    func entries(naming secret: ObjectReference, replacing key: SourceKey, with current: [DesiredCertificate]) -> [DesiredCertificate] {
        let others = state.withLock { state in
            (state.namingSecret[secret] ?? []).filter { $0 != key }.flatMap { state.entries[$0] ?? [] }
        }
        return others.filter { $0.secret == secret } + current.filter { $0.secret == secret }
    }

    /// The claims that can decide who holds `host` (`HostOwnership.refusal`): those naming it, and those naming
    /// the wildcard that covers it; `excluding`'s left out.
    func claims(for host: String, excluding excluded: SourceKey) -> [HostClaim] {
        var hosts = [host]
        if !host.hasPrefix("*."), let dot = host.firstIndex(of: ".") {
            hosts.append("*." + host[host.index(after: dot)...])
        }
        return state.withLock { state in
            hosts.flatMap { host in
                (state.claimingHost[host] ?? []).filter { $0 != excluded }.flatMap { state.claims[$0] ?? [] }.filter { $0.host == host }
            }
        }
    }

    private static func drop(_ key: SourceKey, from state: inout State) {
        if let old = state.entries.removeValue(forKey: key) {
            for secret in Set(old.map(\.secret)) {
                state.namingSecret[secret]?.remove(key)
                if state.namingSecret[secret]?.isEmpty == true { state.namingSecret[secret] = nil }
            }
        }
        if let old = state.claims.removeValue(forKey: key) {
            for host in Set(old.map(\.host)) {
                state.claimingHost[host]?.remove(key)
                if state.claimingHost[host]?.isEmpty == true { state.claimingHost[host] = nil }
            }
        }
    }
}
