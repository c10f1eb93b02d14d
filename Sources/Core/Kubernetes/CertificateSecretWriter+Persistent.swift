#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import KubeLegoKube
import Logging

extension CertificateSecretWriter {
    /// Stores a certificate the CA has already issued (returning the resourceVersion written): like `write`, but
    /// an API failure never gives up. It is
    /// retried (1 s doubling to 30 s, jittered) until the Secret is written or the task is cancelled, because a
    /// dropped certificate would cost a new order. A refusal (`.conflict`: the Secret is not ours to write) or an
    /// unusable pair (`.issuance`) is thrown at once; so is the last error once the task is cancelled.
    @discardableResult
    public func store(
        certificateChainPEM: String, privateKeyPEM: String, to secret: ObjectReference, expectAbsent: Bool = false,
        now: @Sendable () -> Date
    ) async throws(CoreError) -> String? {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await write(
                    certificateChainPEM: certificateChainPEM, privateKeyPEM: privateKeyPEM, to: secret, expectAbsent: expectAbsent, now: now())
            } catch where error.code == .kubernetes && !Task.isCancelled {
                let delay = Self.storeBackoff.delay(attempt: attempt)
                logger.warning("could not store an issued certificate; retrying", metadata: [
                    "secret.namespace": "\(secret.namespace)", "secret.name": "\(secret.name)", "kube.attempt": "\(attempt)",
                    "retry_in_ms": "\(delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000)",
                    "error": "\(error)",
                ])
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    throw CoreError(.kubernetes, "cancelled while retrying to store the certificate: \(error)", subject: "Secret \(secret)")
                }
            }
        }
    }

    /// Waits between attempts to store an issued certificate.
    static let storeBackoff = KubeLegoKube.Backoff(initial: .seconds(1), maximum: .seconds(30), jitter: 0.3)
}
