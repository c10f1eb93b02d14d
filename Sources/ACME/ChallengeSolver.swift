/// What an ACME identifier names: a DNS name or an IP address (RFC 8738).
public struct ACMEIdentifier: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The identifier type, "dns" or "ip".
    public var type: String
    /// The name or the textual IP address.
    public var value: String

    /// Makes an identifier of the given type.
    public init(type: String, value: String) {
        self.type = type
        self.value = value
    }

    /// A DNS identifier, or an IP identifier when `name` parses as an IPv4 or IPv6 address.
    public static func infer(_ name: String) -> ACMEIdentifier {
        ACMEIdentifier(type: IPAddressText.isLiteral(name) ? "ip" : "dns", value: name)
    }

    /// The value, as a person would write it.
    public var description: String { value }
}

/// One challenge the CA asks us to answer, with everything a solver needs to present it.
public struct ChallengeTask: Sendable, Hashable {
    /// The identifier being validated.
    public let identifier: ACMEIdentifier
    /// The challenge type, e.g. "http-01", "dns-01", "tls-alpn-01".
    public let challengeType: String
    /// The challenge token from the CA.
    public let token: String
    /// `token + "." + base64url(JWK thumbprint of the account key)` (RFC 8555 §8.1).
    public let keyAuthorization: String
    /// The challenge URL at the CA.
    public let url: String

    /// Makes a task; the ACME client builds these from an authorization.
    public init(identifier: ACMEIdentifier, challengeType: String, token: String, keyAuthorization: String, url: String) {
        self.identifier = identifier
        self.challengeType = challengeType
        self.token = token
        self.keyAuthorization = keyAuthorization
        self.url = url
    }
}

/// Answers one kind of ACME challenge. HTTP-01 ships first; DNS-01 and TLS-ALPN-01 fit the same shape.
///
/// The ACME client calls `present`, then `waitUntilReady`, then tells the CA to validate, and always calls
/// `cleanUp` afterwards, whether validation succeeded, failed or was cancelled.
public protocol ChallengeSolver: Sendable {
    /// The challenge type this solver answers, e.g. "http-01".
    var challengeType: String { get }
    /// Makes the answer available (serve the token, write the TXT record, ...).
    func present(_ task: ChallengeTask) async throws
    /// Returns once the answer is reachable the way the CA will reach it (a self-check), or throws saying what
    /// was seen instead. Solvers with nothing to check return at once.
    func waitUntilReady(_ task: ChallengeTask) async throws
    /// Withdraws the answer. Never throws: failures are logged by the solver.
    func cleanUp(_ task: ChallengeTask) async
}
