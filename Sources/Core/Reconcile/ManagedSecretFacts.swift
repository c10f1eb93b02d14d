#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoACME
import KubeLegoKube
import Synchronization

/// The planner's facts about every Secret the Secret informer holds (kube-lego's, by label), derived once per
/// version of a Secret when the informer stores it: the cache itself keeps no data (a certificate and key per
/// Secret would make memory follow the certificates), so without these facts every pass would read each Secret.
///
/// The informer's transform calls `derive`, which records the facts and returns the Secret without its data.
/// `inspected(_:cached:)` answers only when the facts belong to the version the cache holds, and not while a
/// Secret this process just wrote is still older in the cache (`expect`); otherwise the reconciler reads the
/// Secret, as it does for a Secret the cache does not hold (absent, or not kube-lego's).
final class ManagedSecretFacts: Sendable {
    private struct Entry: Sendable {
        var resourceVersion: String?
        var inspected: InspectedSecret
    }

    /// How long a written version is waited for in the cache before the cache is trusted again.
    static let expectationLifetime: TimeInterval = 60

    private let annotationKey: String
    private let entries = Mutex<[ObjectReference: Entry]>([:])
    private let expected = Mutex<[ObjectReference: (resourceVersion: String, at: Date)]>([:])

    /// Facts for Secrets marked by `annotationKey` as well as by kube-lego's label.
    init(annotationKey: String) {
        self.annotationKey = annotationKey
    }

    /// The informer's transform: records `secret`'s facts for its version and returns what the cache keeps of
    /// it: its identity (name, namespace, uid, resourceVersion), nothing else. Labels, annotations and data live
    /// on in the facts; a Secret is never written from the cache.
    func derive(_ secret: Secret) -> Secret {
        let reference = Self.reference(of: secret)
        let inspected = InspectedSecret(secret, annotationKey: annotationKey)
        entries.withLock { $0[reference] = Entry(resourceVersion: secret.metadata.resourceVersion, inspected: inspected) }
        var trimmed = Secret(name: secret.metadata.name, namespace: secret.metadata.namespace)
        var metadata = trimmed.metadata
        metadata.resourceVersion = secret.metadata.resourceVersion
        metadata.raw["uid"] = secret.metadata.raw["uid"]
        trimmed.metadata = metadata
        return trimmed
    }

    /// Forgets a Secret that left the cache.
    func forget(_ secret: Secret) {
        let reference = Self.reference(of: secret)
        entries.withLock { entries in
            if entries[reference]?.resourceVersion == secret.metadata.resourceVersion { entries[reference] = nil }
        }
    }

    /// Records that this process wrote `secret` at `resourceVersion`: until the cache holds that version (or a
    /// minute passes), `inspected` does not answer for it, so a pass right after a write never plans from the
    /// certificate it replaced.
    func expect(_ secret: ObjectReference, resourceVersion: String?, now: Date) {
        guard let resourceVersion else { return }
        expected.withLock { $0[secret] = (resourceVersion, now) }
    }

    /// The facts of `secret` when `cached` (the informer's copy) is the version they were derived from; nil when
    /// the reconciler must read the Secret.
    func inspected(_ secret: ObjectReference, cached: Secret?, now: Date) -> InspectedSecret? {
        guard let cached, let version = cached.metadata.resourceVersion else { return nil }
        let waiting = expected.withLock { expected -> Bool in
            guard let written = expected[secret] else { return false }
            if written.resourceVersion == version || now.timeIntervalSince(written.at) > Self.expectationLifetime {
                expected[secret] = nil
                return false
            }
            return true
        }
        guard !waiting else { return nil }
        return entries.withLock { entries in
            guard let entry = entries[secret], entry.resourceVersion == version else { return nil }
            return entry.inspected
        }
    }

    private static func reference(of secret: Secret) -> ObjectReference {
        ObjectReference(namespace: secret.metadata.namespace ?? "default", name: secret.metadata.name)
    }
}
