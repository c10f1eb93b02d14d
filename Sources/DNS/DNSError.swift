/// The one error type of KubeLegoDNS: a code to branch on and a human reason naming the server, the record
/// name and the DNS response code concerned. A reason never holds a TSIG secret.
public struct DNSError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure this is.
    public enum Code: Sendable, Equatable {
        /// A domain name is empty, too long, or has an empty or over-long label.
        case invalidName
        /// Bytes received (or about to be sent) are not a well-formed DNS message.
        case malformedMessage
        /// The server answered with a response code other than NOERROR (see `responseCode`).
        case serverError
        /// TSIG failed: the server rejected our signature (BADSIG, BADKEY, BADTIME) or its MAC did not verify.
        case tsig
        /// No answer within the time allowed.
        case timeout
        /// A socket or name resolution failure.
        case network
        /// No zone could be found for a name.
        case zoneNotFound
        /// The record did not appear on every authoritative server within the propagation timeout.
        case propagation
        /// A setting is missing or malformed.
        case configuration
        /// The calling task was cancelled.
        case cancelled
    }

    /// What kind of failure this is.
    public let code: Code
    /// Human text naming the server and the object concerned.
    public let reason: String
    /// The server this concerns ("host:port"), when one does.
    public let server: String?
    /// The DNS response code (RCODE, or the TSIG error) when the server sent one.
    public let responseCode: DNSResponseCode?

    /// Makes an error from a code, a human reason and optionally the server and response code.
    public init(_ code: Code, _ reason: String, server: String? = nil, responseCode: DNSResponseCode? = nil) {
        self.code = code
        self.reason = reason
        self.server = server
        self.responseCode = responseCode
    }

    /// The code and the reason on one line.
    public var description: String { "DNSError.\(code): \(reason)" }
}
