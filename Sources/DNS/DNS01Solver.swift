public import KubeLegoACME
import KubeLegoTLS
public import Logging
import Synchronization

/// Answers ACME dns-01 challenges (RFC 8555 §8.4) with RFC 2136 updates: `present` adds the TXT record
/// `_acme-challenge.<domain>` (after following a CNAME there, for delegated validation), `waitUntilReady` waits
/// until every authoritative server answers with it, `cleanUp` deletes exactly the value it added.
/// Several values may be outstanding for one name at once (a wildcard and its base name share it).
public final class DNS01Solver: ChallengeSolver {
    /// "dns-01".
    public let challengeType = "dns-01"
    /// The settings this solver runs with.
    public let configuration: RFC2136Configuration
    /// The client it updates and queries through.
    public let client: RFC2136Client
    private let logger: Logger
    private let presented = Mutex<[ChallengeTask: PresentedRecord]>([:])

    /// One record this solver added (or was adding) for a task.
    struct PresentedRecord: Sendable {
        let name: DNSName
        let value: String
        let zone: DNSName
    }

    /// Makes a solver from a configuration; throws when the TSIG settings are unusable.
    public init(configuration: RFC2136Configuration, logger: Logger) throws(DNSError) {
        self.configuration = configuration
        var transport = DNSTransport(timeout: configuration.exchangeTimeout)
        transport.retransmitInterval = .seconds(1)
        self.client = RFC2136Client(server: configuration.nameserver, key: try configuration.tsigKey(), transport: transport, logger: logger)
        self.logger = logger
    }

    /// `_acme-challenge.<domain>`; for `*.example.com` it is `_acme-challenge.example.com`.
    public static func recordName(for domain: String) throws(DNSError) -> DNSName {
        let base = domain.hasPrefix("*.") ? String(domain.dropFirst(2)) : domain
        return try DNSName(base).prepending("_acme-challenge")
    }

    /// The TXT value: base64url(SHA-256(key authorization)), RFC 8555 §8.4.
    public static func recordValue(keyAuthorization: String) -> String {
        Base64URL.encode(Digest.sha256(keyAuthorization.utf8))
    }

    /// Adds the TXT record; throws (before the CA is asked anything) when the server refuses it.
    public func present(_ task: ChallengeTask) async throws {
        try await translatingCancellation { () async throws(DNSError) in
            let name = try await client.followCNAMEs(from: try Self.recordName(for: task.identifier.value))
            let zone = try await zone(for: name)
            let record = PresentedRecord(name: name, value: Self.recordValue(keyAuthorization: task.keyAuthorization), zone: zone)
            // Remembered before sending: if the update is cut short after the server applied it, clean-up still deletes it.
            presented.withLock { $0[task] = record }
            do throws(DNSError) {
                try await client.addTXT(name: name, value: record.value, ttl: configuration.ttl, zone: zone)
            } catch where error.code == .serverError || error.code == .tsig {
                // The server answered and refused: nothing was added, so there is nothing to clean up.
                presented.withLock { _ = $0.removeValue(forKey: task) }
                throw error
            }
            logger.info("dns-01 record added", metadata: [
                "acme.identifier": "\(task.identifier.value)", "dns.name": "\(name)", "dns.zone": "\(zone)", "dns.server": "\(client.server)",
            ])
        }
    }

    /// Waits until every authoritative server of the zone answers with the value, bounded by the propagation timeout.
    public func waitUntilReady(_ task: ChallengeTask) async throws {
        guard let record = presented.withLock({ $0[task] }) else {
            throw DNSError(.configuration, "no dns-01 record was presented for \(task.identifier.value)")
        }
        try await translatingCancellation { () async throws(DNSError) in
            try await client.waitUntilVisible(name: record.name, value: record.value, zone: record.zone,
                                              timeout: configuration.propagationTimeout, interval: configuration.pollingInterval)
        }
    }

    /// Deletes exactly the value `present` added for this task, even when the calling task was cancelled.
    public func cleanUp(_ task: ChallengeTask) async {
        guard let record = presented.withLock({ $0.removeValue(forKey: task) }) else { return }
        do {
            try await client.deleteTXT(name: record.name, value: record.value, zone: record.zone, honourCancellation: false)
            logger.debug("dns-01 record deleted", metadata: ["dns.name": "\(record.name)", "dns.zone": "\(record.zone)"])
        } catch {
            logger.error("dns-01 record could not be deleted", metadata: [
                "dns.name": "\(record.name)", "dns.zone": "\(record.zone)", "error": "\(error)",
            ])
        }
    }

    /// The configured zone (the name must lie in it), else the SOA walk's answer.
    private func zone(for name: DNSName) async throws(DNSError) -> DNSName {
        guard let configured = configuration.zone else { return try await client.findZone(for: name) }
        let zone = try DNSName(configured)
        guard name.isSubdomain(of: zone) else {
            throw DNSError(.configuration, "\(name) is outside the configured zone \(zone) (LEGO_DNS01_ZONE)")
        }
        return zone
    }

    /// Runs `body`, turning the module's `.cancelled` into `CancellationError` as the ACME client expects.
    private func translatingCancellation(_ body: () async throws(DNSError) -> Void) async throws {
        do {
            try await body()
        } catch where error.code == .cancelled {
            throw CancellationError()
        }
    }
}
