/// Settings of the DNS-01 solver over RFC 2136: where to send updates, how to sign them, and how long to wait
/// for the record to reach every authoritative server. `description` never contains the secret.
public struct RFC2136Configuration: Sendable, CustomStringConvertible {
    /// The primary server that accepts updates (LEGO_DNS01_NAMESERVER, "host:port").
    public var nameserver: DNSServer
    /// The TSIG key's name (LEGO_DNS01_TSIG_KEY_NAME); nil for unsigned updates.
    public var tsigKeyName: String?
    /// The TSIG secret, base64 (LEGO_DNS01_TSIG_SECRET or the file in LEGO_DNS01_TSIG_SECRET_FILE). Never logged.
    public var tsigSecret: String?
    /// The TSIG algorithm (LEGO_DNS01_TSIG_ALGORITHM), hmac-sha256 by default.
    public var tsigAlgorithm: TSIGAlgorithm
    /// The zone to update (LEGO_DNS01_ZONE); found by an SOA walk when nil.
    public var zone: String?
    /// TTL of the TXT records in seconds (LEGO_DNS01_TTL), 60 by default.
    public var ttl: UInt32
    /// How long the readiness check may wait (LEGO_DNS01_PROPAGATION_TIMEOUT), 2 minutes by default.
    public var propagationTimeout: Duration
    /// Pause between readiness-check rounds.
    public var pollingInterval: Duration = .milliseconds(250)
    /// Timeout of one DNS exchange.
    public var exchangeTimeout: Duration = .seconds(5)

    /// Makes a configuration; only the nameserver is required.
    public init(nameserver: DNSServer, tsigKeyName: String? = nil, tsigSecret: String? = nil, tsigAlgorithm: TSIGAlgorithm = .hmacSHA256,
                zone: String? = nil, ttl: UInt32 = 60, propagationTimeout: Duration = .seconds(120)) {
        self.nameserver = nameserver
        self.tsigKeyName = tsigKeyName
        self.tsigSecret = tsigSecret
        self.tsigAlgorithm = tsigAlgorithm
        self.zone = zone
        self.ttl = ttl
        self.propagationTimeout = propagationTimeout
    }

    /// The TSIG key to sign with, nil when no key is configured.
    public func tsigKey() throws(DNSError) -> TSIGKey? {
        guard let tsigKeyName, let tsigSecret else { return nil }
        return try TSIGKey(name: tsigKeyName, algorithm: tsigAlgorithm, secretBase64: tsigSecret)
    }

    /// Everything but the secret, which shows as "<redacted>" when set.
    public var description: String {
        "RFC2136Configuration(nameserver: \(nameserver), tsigKeyName: \(tsigKeyName ?? "none"), tsigSecret: "
            + "\(tsigSecret == nil ? "none" : "<redacted>"), tsigAlgorithm: \(tsigAlgorithm), zone: \(zone ?? "SOA walk"), "
            + "ttl: \(ttl), propagationTimeout: \(propagationTimeout))"
    }
}
