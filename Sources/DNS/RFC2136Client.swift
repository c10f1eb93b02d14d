#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import Logging

/// Talks to one primary DNS server: RFC 2136 updates signed with TSIG, and plain queries for zone discovery,
/// CNAME following and the readiness check. Errors name the server and the DNS response code.
public struct RFC2136Client: Sendable {
    /// The server that takes updates (and answers the discovery queries).
    public let server: DNSServer
    /// The TSIG key updates are signed with; nil to send them unsigned (servers that allow updates by address).
    public let key: TSIGKey?
    /// UDP/TCP exchange settings.
    public var transport: DNSTransport
    /// Seconds since the epoch, for TSIG time signed; injectable for tests.
    public var now: @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970) }
    let logger: Logger

    /// Makes a client for `server`, signing with `key`.
    public init(server: DNSServer, key: TSIGKey?, transport: DNSTransport = DNSTransport(), logger: Logger) {
        self.server = server
        self.key = key
        self.transport = transport
        self.logger = logger
    }

    /// Adds one TXT record to `zone` (no prerequisites: other values of the same name stay).
    public func addTXT(name: DNSName, value: String, ttl: UInt32, zone: DNSName) async throws(DNSError) {
        let record = DNSRecord(name: name, type: .txt, recordClass: .internet, ttl: ttl, data: .text(value))
        try await update(zone: zone, record: record, action: "add TXT \(name)")
    }

    /// Deletes exactly the TXT record of `name` holding `value` (class NONE, RFC 2136 §2.5.4); other values stay.
    /// Deleting a record that is not there succeeds. With `honourCancellation` false (the default) it completes
    /// even when the calling task was cancelled, so clean-up always happens.
    public func deleteTXT(name: DNSName, value: String, zone: DNSName, honourCancellation: Bool = false) async throws(DNSError) {
        let record = DNSRecord(name: name, type: .txt, recordClass: .none, ttl: 0, data: .text(value))
        try await update(zone: zone, record: record, action: "delete TXT \(name)", honourCancellation: honourCancellation)
    }

    /// Sends one UPDATE and checks the answer: TSIG verified, then the response code.
    func update(zone: DNSName, record: DNSRecord, action: String, honourCancellation: Bool = true) async throws(DNSError) {
        let message = DNSMessage.update(id: UInt16.random(in: 0...UInt16.max), zone: zone, updates: [record])
        let request: (bytes: [UInt8], mac: [UInt8]?)
        if let key {
            let signed = try key.sign(message, now: now())
            request = (signed.bytes, signed.mac)
        } else {
            request = (try message.encode(), nil)
        }
        let bytes = try await transport.exchange(request.bytes, with: server, honourCancellation: honourCancellation)
        let response = try decodeResponse(bytes)
        if let key, let mac = request.mac {
            if response.tsig == nil && response.responseCode != .noError {
                throw rcodeError(response.responseCode, "\(action) in zone \(zone)")
            }
            do {
                try key.verify(response: bytes, message: response, requestMAC: mac, now: now(), server: server.description)
            } catch {
                throw DNSError(error.code, "\(action) in zone \(zone): \(error.reason)", server: server.description, responseCode: error.responseCode)
            }
        }
        guard response.responseCode == .noError else { throw rcodeError(response.responseCode, "\(action) in zone \(zone)") }
        logger.debug("dns update done", metadata: ["dns.server": "\(server)", "dns.zone": "\(zone)", "dns.action": "\(action)"])
    }

    /// Asks `target` (the update server by default) one question without recursion and returns the response,
    /// whatever its response code.
    public func query(_ name: DNSName, type: DNSRecordType, at target: DNSServer? = nil,
                      timeout: Duration? = nil) async throws(DNSError) -> DNSMessage {
        let target = target ?? server
        let message = DNSMessage.query(id: UInt16.random(in: 0...UInt16.max), name: name, type: type)
        var transport = transport
        if let timeout { transport.timeout = timeout }
        let response = try decodeResponse(try await transport.exchange(try message.encode(), with: target), from: target)
        guard response.questions.isEmpty || response.questions.first?.name == name else {
            throw DNSError(.malformedMessage, "\(target) answered a question about \(response.questions[0].name), not \(name)",
                           server: target.description)
        }
        return response
    }

    private func decodeResponse(_ bytes: [UInt8], from target: DNSServer? = nil) throws(DNSError) -> DNSMessage {
        let target = target ?? server
        do {
            return try DNSMessage.decode(bytes)
        } catch {
            throw DNSError(.malformedMessage, "the response from \(target) is malformed: \(error.reason)", server: target.description)
        }
    }

    /// The error for a non-NOERROR answer, naming the server, the action and the code, with a hint for the usual ones.
    func rcodeError(_ code: DNSResponseCode, _ action: String) -> DNSError {
        let hint = switch code {
        case .refused: " (the server refuses: is the key allowed to update this zone, and is the zone served here?)"
        case .notAuth: " (the server is not authoritative for the zone, or the key is not authorized)"
        case .notZone: " (the name is outside the zone)"
        default: ""
        }
        return DNSError(.serverError, "\(server) answered \(code) to \(action)\(hint)", server: server.description, responseCode: code)
    }
}
