/// How to run a Pebble test CA: its configuration file fields and its environment knobs.
///
/// Every knob is passed to Pebble explicitly, so its own defaults (5 % nonce rejection, 50 % authorization
/// reuse, random validation sleeps) never leak into a test by accident.
public struct PebbleOptions: Sendable {
    /// The port Pebble's validator connects to for HTTP-01: where the test's responder listens.
    public var httpPort: Int
    /// The port Pebble's validator connects to for TLS-ALPN-01; a free port is picked when nil.
    public var tlsPort: Int?
    /// Validity of issued certificates in seconds; Pebble's default (5 years) when nil.
    public var certificateValidityPeriod: Int?
    /// Domains Pebble refuses to issue for (it answers `rejectedIdentifier`).
    public var domainBlocklist: [String] = []
    /// True to require external account binding for new accounts.
    public var externalAccountBindingRequired = false
    /// EAB key id → base64url HMAC key.
    public var externalAccountMACKeys: [String: String] = [:]
    /// `PEBBLE_VA_NOSLEEP`: true to skip the validator's random 0-15 s sleeps.
    public var validatorNoSleep = true
    /// `PEBBLE_WFE_NONCEREJECT`: percentage of good nonces rejected with `badNonce`.
    public var nonceRejectPercent = 0
    /// `PEBBLE_AUTHZREUSE`: percentage of valid authorizations reused in new orders.
    public var authorizationReusePercent = 0
    /// `PEBBLE_ALTERNATE_ROOTS`: how many alternate root chains to offer.
    public var alternateRoots = 0
    /// `PEBBLE_CHAIN_LENGTH`: intermediates between leaf and root (minimum 1).
    public var chainLength = 1
    /// The DNS server Pebble resolves and validates through ("host:port"), e.g. a test BIND for DNS-01;
    /// the bundled pebble-challtestsrv when nil.
    public var dnsServer: String?
    /// True to keep the temporary directory (configuration, certificates, logs) after `stop()`.
    public var keepFiles = false
    /// How long to wait for Pebble to answer its directory.
    public var startupTimeout: Duration = .seconds(30)
    /// The pebble binary.
    public var pebblePath = "/usr/bin/pebble"
    /// The pebble-challtestsrv binary (Pebble's DNS server here).
    public var challengeTestServerPath = "/usr/bin/pebble-challtestsrv"
    /// The openssl binary that makes the throwaway listener certificate.
    public var opensslPath = "/usr/bin/openssl"

    /// Options for a CA that validates HTTP-01 against `httpPort` on 127.0.0.1.
    public init(httpPort: Int) {
        self.httpPort = httpPort
    }

    /// The environment knobs, all set explicitly.
    var environment: [String: String] {
        [
            "PEBBLE_VA_NOSLEEP": validatorNoSleep ? "1" : "0",
            "PEBBLE_WFE_NONCEREJECT": String(nonceRejectPercent),
            "PEBBLE_AUTHZREUSE": String(authorizationReusePercent),
            "PEBBLE_ALTERNATE_ROOTS": String(alternateRoots),
            "PEBBLE_CHAIN_LENGTH": String(chainLength),
        ]
    }
}
