import Foundation
import KubeLegoKube
import KubeLegoSandbox

/// A benchmark that cannot finish: which Secrets never got a certificate.
struct WaitError: Error, CustomStringConvertible {
    let description: String
}

/// Watches for certificate Secrets in the sandbox's store in-process (no API request, so the tally counts only
/// the controller's requests).
struct SecretWaiter {
    let api: SandboxAPIServer
    let namespace: String

    /// True when Secret `name` holds a certificate.
    func holdsCertificate(_ name: String) -> Bool {
        guard let json = api.object(kind: "Secret", namespace: namespace, name: name) else { return false }
        return !(Secret(raw: json).data["tls.crt"] ?? []).isEmpty
    }

    /// Waits (polling every `interval`) until every Secret in `names` holds a certificate; throws after `limit`.
    func waitForAll(_ names: [String], interval: Duration = .milliseconds(20), limit: Duration = .seconds(1800)) async throws {
        var pending = Set(names)
        let started = ContinuousClock.now
        while !pending.isEmpty {
            pending = pending.filter { !holdsCertificate($0) }
            if pending.isEmpty { return }
            if ContinuousClock.now - started > limit {
                throw WaitError(description: "no certificate in \(pending.sorted().prefix(5).joined(separator: ", "))"
                    + "\(pending.count > 5 ? " and \(pending.count - 5) more" : "") within \(limit); see the controller's log")
            }
            try await Task.sleep(for: interval)
        }
    }
}
