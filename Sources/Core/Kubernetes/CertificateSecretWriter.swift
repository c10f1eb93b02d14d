#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import KubeLegoKube
import KubeLegoTLS
public import Logging

/// Writes an issued certificate into its `kubernetes.io/tls` Secret, safely against concurrent writers.
///
/// The Secret is created, or replaced with the resourceVersion read just before (`KubeClient.createOrUpdate`: a
/// 409 Conflict re-reads and tries again, a bounded number of times; transient API errors are retried in place). Every data key, label and annotation of an existing Secret that is not
/// kube-lego's is kept. Key material never reaches a log line or an error.
public struct CertificateSecretWriter: Sendable {
    /// How many read-modify-write rounds are tried before a conflict is given up on.
    public static let maxAttempts = 10

    private let kube: KubeClient
    private let configuration: Configuration
    let logger: Logger

    /// Makes a writer using `kube`, labelling Secrets as `configuration` says.
    public init(kube: KubeClient, configuration: Configuration, logger: Logger) {
        self.kube = kube
        self.configuration = configuration
        self.logger = logger
    }

    /// Creates or updates `secret` with the chain (PEM, leaf first) and its private key (PEM); returns the
    /// resourceVersion written.
    ///
    /// Refuses with `.conflict`, writing nothing, when the Secret has another type, or holds a certificate and no
    /// kube-lego marker (it changed hands between planning and writing). Throws `.issuance` when the key does not
    /// belong to the leaf, and `.kubernetes` when the API fails or conflicts persist. With `expectAbsent` (the
    /// Secret did not exist when the certificate was planned) it is created without a read first; should it
    /// exist after all, the create fails with AlreadyExists and the usual read-modify-write follows.
    @discardableResult
    public func write(
        certificateChainPEM: String, privateKeyPEM: String, to secret: ObjectReference, expectAbsent: Bool = false, now: Date
    ) async throws(CoreError) -> String? {
        try Self.checkPair(chainPEM: certificateChainPEM, keyPEM: privateKeyPEM, secret: secret)
        let subject = "Secret \(secret)"
        if expectAbsent {
            var created = Secret(name: secret.name, namespace: secret.namespace)
            created.type = SecretInspector.tlsType
            fill(&created, chainPEM: certificateChainPEM, keyPEM: privateKeyPEM, now: now)
            do {
                let written = try await kube.create(created)
                logger.info("certificate stored", metadata: ["secret.namespace": "\(secret.namespace)", "secret.name": "\(secret.name)"])
                return written.metadata.resourceVersion
            } catch where error.code == .alreadyExists {
                // Someone made it since: read it and apply the usual checks.
            } catch {
                throw CoreError(.kubernetes, "could not store the certificate: \(error)", subject: subject)
            }
        }
        var refused: CoreError?
        let written: Secret?
        do {
            written = try await kube.createOrUpdate(Secret.self, namespace: secret.namespace, name: secret.name, maxAttempts: Self.maxAttempts) { existing in
                refused = nil
                var updated: Secret
                if let existing {
                    if let refusal = refusal(existing, subject: subject) {
                        refused = refusal
                        return nil
                    }
                    updated = existing
                } else {
                    updated = Secret(name: secret.name, namespace: secret.namespace)
                    updated.type = SecretInspector.tlsType
                }
                fill(&updated, chainPEM: certificateChainPEM, keyPEM: privateKeyPEM, now: now)
                return updated
            }
        } catch {
            throw CoreError(.kubernetes, "could not store the certificate: \(error)", subject: subject)
        }
        if let refused { throw refused }
        logger.info("certificate stored", metadata: ["secret.namespace": "\(secret.namespace)", "secret.name": "\(secret.name)"])
        return written?.metadata.resourceVersion
    }

    /// A `.conflict` error when `existing` may not be written (another type, or someone else's certificate).
    private func refusal(_ existing: Secret, subject: String) -> CoreError? {
        let facts = SecretInspector.facts(of: existing, annotationKey: configuration.annotationKey)
        if facts.type != SecretInspector.tlsType {
            return CoreError(
                .conflict, "the Secret has type \(facts.type), not \(SecretInspector.tlsType); refusing to write a certificate into it",
                subject: subject)
        }
        if !facts.managedByKubeLego && facts.hasCertificateData {
            return CoreError(
                .conflict, "the Secret holds a certificate kube-lego did not issue (no \(Markers.managedByLabel) label); refusing to overwrite it",
                subject: subject)
        }
        return nil
    }

    /// Sets kube-lego's data keys, label and annotations on `secret`, keeping everything else.
    private func fill(_ secret: inout Secret, chainPEM: String, keyPEM: String, now: Date) {
        secret.data[SecretInspector.certificateKey] = Array(chainPEM.utf8)
        secret.data[SecretInspector.privateKeyKey] = Array(keyPEM.utf8)
        secret.metadata.labels[Markers.managedByLabel] = Markers.managedByValue
        secret.metadata.annotations[configuration.annotationKey] = "true"
        secret.metadata.annotations[Markers.issuingDirectoryAnnotation] = configuration.acmeDirectoryURL
        secret.metadata.annotations[Markers.issuedAtAnnotation] = KubeTime.format(now)
    }

    /// Throws `.issuance` unless the chain parses and the key is its leaf's (nothing about the key is named).
    private static func checkPair(chainPEM: String, keyPEM: String, secret: ObjectReference) throws(CoreError) {
        let subject = "Secret \(secret)"
        guard let chain = try? CertificateChain(pem: chainPEM), let leaf = chain.certificates.first else {
            throw CoreError(.issuance, "the certificate chain to store is not readable PEM", subject: subject)
        }
        guard let key = try? PrivateKey(pem: keyPEM) else {
            throw CoreError(.issuance, "the private key to store is not a readable PEM key", subject: subject)
        }
        guard key.matches(leaf) else {
            throw CoreError(.issuance, "the private key does not belong to the certificate to store", subject: subject)
        }
    }
}
