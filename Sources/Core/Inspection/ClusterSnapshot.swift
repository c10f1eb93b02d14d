#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import KubeLegoKube
import Logging

/// What `kube-lego status` and `plan` read from the cluster, read-only (get and list only): Ingresses (and
/// Gateways, when `LEGO_GATEWAY_CLASSES` names a class), the Secrets served objects name, the back-off ledger,
/// the order journal (Secret names only; its keys are never kept) and the latest Warning Event per object.
public struct ClusterSnapshot: Sendable {
    /// Every Ingress in scope.
    public var ingresses: [Ingress]
    /// Every Gateway in scope (none when Gateways are not served).
    public var gateways: [Gateway] = []
    /// Facts of each Secret a served entry names; absent key: the Secret does not exist.
    public var secrets: [ObjectReference: SecretFacts]
    /// Back-off records by Secret.
    public var ledger: [ObjectReference: AttemptRecord]
    /// Secrets with an order in flight.
    public var inFlight: Set<ObjectReference>
    /// The reason of the latest Warning Event per Ingress or Gateway.
    public var lastWarnings: [SourceKey: String]

    /// Makes a snapshot from parts (tests).
    public init(
        ingresses: [Ingress], secrets: [ObjectReference: SecretFacts], ledger: [ObjectReference: AttemptRecord] = [:],
        inFlight: Set<ObjectReference> = [], lastWarnings: [SourceKey: String] = [:], gateways: [Gateway] = []
    ) {
        self.ingresses = ingresses
        self.gateways = gateways
        self.secrets = secrets
        self.ledger = ledger
        self.inFlight = inFlight
        self.lastWarnings = lastWarnings
    }

    /// Reads the snapshot for Ingresses in `namespace` (nil: every namespace kube-lego watches). Host claims are
    /// read from every watched namespace, as the controller sees them.
    public static func read(
        kube: KubeClient, configuration: Configuration, providerNames: Set<String>, namespace: String?
    ) async throws(CoreError) -> ClusterSnapshot {
        // The controller's own readers (get only): the back-off ledger and the order journal's Secret names.
        let quiet = Logger(label: "kube-lego.inspection", factory: { _ in SwiftLogNoOpLogHandler() })
        let ledger = AttemptLedger(kube: kube, configuration: configuration, logger: quiet)
        try await ledger.load()
        let inFlight = Set(try await OrderJournal(kube: kube, namespace: configuration.namespace, logger: quiet).entries().map(\.secret))
        do {
            var snapshot = try await readObjects(
                kube: kube, configuration: configuration, providerNames: providerNames, scope: namespace ?? configuration.watchNamespace)
            snapshot.ledger = await ledger.entries()
            snapshot.inFlight = inFlight
            return snapshot
        } catch {
            throw CoreError(.kubernetes, "could not read the cluster: \(error)", subject: "status")
        }
    }

    /// The Ingresses, the Secrets served entries name, and the latest Warning per served Ingress in `scope`.
    private static func readObjects(
        kube: KubeClient, configuration: Configuration, providerNames: Set<String>, scope: String?
    ) async throws(KubeError) -> ClusterSnapshot {
        let ingresses = try await kube.listAll(Ingress.self, namespace: configuration.watchNamespace).items
        let gateways = configuration.gatewayClasses.isEmpty
            ? [] : try await kube.listAll(Gateway.self, namespace: configuration.watchNamespace).items
        let intents = ingresses.map { IngressIntent($0, configuration: configuration, providerNames: providerNames) }
            + gateways.map { IngressIntent($0, configuration: configuration) }
        var secrets: [ObjectReference: SecretFacts] = [:]
        var servedNamespaces = Set<String>()
        for intent in intents {
            guard intent.isServed(by: configuration), scope == nil || intent.ingress.namespace == scope else { continue }
            servedNamespaces.insert(intent.ingress.namespace)
            for desired in intent.certificates where !desired.secretName.isEmpty && secrets[desired.secret] == nil {
                guard ObjectNameRules.dns1123SubdomainProblem(desired.secretName) == nil else { continue }
                do {
                    let secret = try await kube.get(Secret.self, namespace: desired.ingress.namespace, name: desired.secretName)
                    secrets[desired.secret] = SecretInspector.facts(of: secret, annotationKey: configuration.annotationKey)
                } catch where error.code == .notFound {
                    continue
                }
            }
        }
        return ClusterSnapshot(
            ingresses: ingresses, secrets: secrets,
            lastWarnings: try await lastWarningsIfAllowed(kube: kube, namespaces: servedNamespaces), gateways: gateways)
    }

    /// The latest Warning Events, or none when listing Events is forbidden (the controller's own RBAC creates
    /// and patches Events but does not list them, so `kubectl exec … kube-lego status` works without it).
    private static func lastWarningsIfAllowed(
        kube: KubeClient, namespaces: Set<String>
    ) async throws(KubeError) -> [SourceKey: String] {
        do {
            return try await lastWarnings(kube: kube, namespaces: namespaces)
        } catch where error.code == .forbidden {
            return [:]
        }
    }

    /// The latest Warning Event reason per Ingress or Gateway in `namespaces`.
    private static func lastWarnings(kube: KubeClient, namespaces: Set<String>) async throws(KubeError) -> [SourceKey: String] {
        var latest: [SourceKey: (String, String)] = [:]
        for namespace in namespaces.sorted() {
            for event in try await kube.listAll(Event.self, namespace: namespace).items where event.type == "Warning" {
                guard let kind = event.involvedObject["kind"]?.stringValue.flatMap(SourceKind.init(rawValue:)),
                    let name = event.involvedObject["name"]?.stringValue, let reason = event.reason
                else { continue }
                let key = SourceKey(kind, ObjectReference(namespace: namespace, name: name))
                let time = event.lastTimestamp ?? event.firstTimestamp ?? ""
                if let known = latest[key], known.1 > time { continue }
                latest[key] = (reason, time)
            }
        }
        return latest.mapValues(\.0)
    }
}
