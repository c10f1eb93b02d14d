#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import KubeLegoTLS
import KubeLegoHTTP

extension ACMEClient {
    /// The ARI certificate identifier (RFC 9773 §4.1): base64url(authority key identifier) "." base64url(serial
    /// number DER contents). Used for `renewalInfo` and as `IssuanceOptions.replaces`.
    public static func renewalIdentifier(for certificate: Certificate) throws(ACMEError) -> String {
        guard let (keyID, serial) = aki(certificate.der) else {
            throw ACMEError(.crypto, "certificate \(certificate.serialNumberHex) has no authority key identifier")
        }
        return Base64URL.encode(keyID) + "." + Base64URL.encode(serial)
    }

    /// The CA's renewal suggestion for `certificate`, or nil when the directory offers no `renewalInfo`.
    public func renewalInfo(for certificate: Certificate) async throws(ACMEError) -> RenewalInfo? {
        guard try await directory().renewalInfo != nil else { return nil }
        return try await renewalInfo(identifier: try Self.renewalIdentifier(for: certificate))
    }

    /// The CA's renewal suggestion for the certificate with ARI identifier `identifier` (`renewalIdentifier(for:)`),
    /// or nil when the directory offers no `renewalInfo`.
    public func renewalInfo(identifier: String) async throws(ACMEError) -> RenewalInfo? {
        guard let base = try await directory().renewalInfo else { return nil }
        let url = (base.hasSuffix("/") ? base : base + "/") + identifier
        let response = try await send(HTTPRequest(method: "GET", url: url, headers: ["Accept": "application/json"]))
        guard response.status == 200 else {
            throw ACMEError(.problem, "renewalInfo answered HTTP \(response.status)", url: url, problem: ACMEProblem.decode(response.body),
                            httpStatus: response.status, retryAfter: RetryAfter.date(from: response.headers.field("Retry-After"), now: configuration.now()))
        }
        struct Window: Decodable { let start: String; let end: String }
        struct Body: Decodable { let suggestedWindow: Window; let explanationURL: String? }
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: Data(response.body))
        } catch {
            throw ACMEError(.invalidResponse, "renewalInfo is not valid: \(error)", url: url, httpStatus: response.status)
        }
        guard let start = Self.rfc3339(body.suggestedWindow.start), let end = Self.rfc3339(body.suggestedWindow.end), start <= end else {
            throw ACMEError(.invalidResponse, "renewalInfo has an invalid suggested window", url: url, httpStatus: response.status)
        }
        return RenewalInfo(suggestedWindowStart: start, suggestedWindowEnd: end, explanationURL: body.explanationURL,
                           retryAfter: RetryAfter.date(from: response.headers.field("Retry-After"), now: configuration.now()))
    }

    /// Parses an RFC 3339 timestamp, with or without fractional seconds.
    static func rfc3339(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// The authority key identifier and the serial number contents of a DER certificate.
    static func aki(_ der: [UInt8]) -> ([UInt8], [UInt8])? {
        var outer = DERReader(der[...])
        guard let certificate = outer.next(tag: 0x30) else { return nil }
        var fields = DERReader(certificate.contents)
        guard let tbs = fields.next(tag: 0x30) else { return nil }
        var tbsFields = DERReader(tbs.contents)
        var element = tbsFields.next()
        if element?.tag == 0xA0 { element = tbsFields.next() }  // [0] version
        guard let serial = element, serial.tag == 0x02 else { return nil }
        while let field = tbsFields.next() {
            guard field.tag == 0xA3 else { continue }  // [3] extensions
            var wrapper = DERReader(field.contents)
            guard let list = wrapper.next(tag: 0x30) else { return nil }
            var extensions = DERReader(list.contents)
            while let ext = extensions.next(tag: 0x30) {
                var parts = DERReader(ext.contents)
                guard let oid = parts.next(tag: 0x06) else { return nil }
                guard Array(oid.contents) == [0x55, 0x1D, 0x23] else { continue }  // 2.5.29.35
                var value = parts.next()
                if value?.tag == 0x01 { value = parts.next() }  // critical
                guard let octets = value, octets.tag == 0x04 else { return nil }
                var akiReader = DERReader(octets.contents)
                guard let aki = akiReader.next(tag: 0x30) else { return nil }
                var akiFields = DERReader(aki.contents)
                guard let keyIdentifier = akiFields.next(), keyIdentifier.tag == 0x80 else { return nil }  // [0] keyIdentifier
                return (Array(keyIdentifier.contents), Array(serial.contents))
            }
        }
        return nil
    }
}
