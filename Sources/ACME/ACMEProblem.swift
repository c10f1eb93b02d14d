#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A problem document (RFC 7807) as an ACME server returns it (RFC 8555 §6.7), with its subproblems.
public struct ACMEProblem: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The problem type URI, e.g. `urn:ietf:params:acme:error:rateLimited`.
    public let type: String
    /// The server's human-readable explanation, when it sent one.
    public let detail: String?
    /// The HTTP status the server put in the document, when it did.
    public let status: Int?
    /// The identifier this problem concerns (set on subproblems, RFC 8555 §6.7.1).
    public let identifier: ACMEIdentifier?
    /// Per-identifier problems of a compound error, in the server's order.
    public let subproblems: [ACMEProblem]

    /// The namespace of the standard ACME problem types.
    public static let acmeNamespace = "urn:ietf:params:acme:error:"

    /// Makes a problem document; the client decodes these from responses.
    public init(type: String, detail: String? = nil, status: Int? = nil, identifier: ACMEIdentifier? = nil, subproblems: [ACMEProblem] = []) {
        self.type = type
        self.detail = detail
        self.status = status
        self.identifier = identifier
        self.subproblems = subproblems
    }

    private enum CodingKeys: String, CodingKey { case type, detail, status, identifier, subproblems }

    /// Decodes leniently where RFC 7807 allows it: a missing `type` means `about:blank`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? "about:blank"
        detail = try container.decodeIfPresent(String.self, forKey: .detail)
        status = try container.decodeIfPresent(Int.self, forKey: .status)
        identifier = try container.decodeIfPresent(ACMEIdentifier.self, forKey: .identifier)
        subproblems = try container.decodeIfPresent([ACMEProblem].self, forKey: .subproblems) ?? []
    }

    /// Decodes a problem document from a response body; nil when the body is not one.
    public static func decode(_ body: [UInt8]) -> ACMEProblem? {
        guard !body.isEmpty else { return nil }
        return try? JSONDecoder().decode(ACMEProblem.self, from: Data(body))
    }

    /// The standard ACME problem type, when `type` is one of RFC 8555 §6.7's (or RFC 9773's).
    public var kind: Kind? {
        guard type.hasPrefix(Self.acmeNamespace) else { return nil }
        return Kind(rawValue: String(type.dropFirst(Self.acmeNamespace.count)))
    }

    /// True when the same request may succeed later without any change on the client's side.
    ///
    /// `rateLimited`, `serverInternal` and `badNonce` (after the client's own retries) are transient, and so is
    /// any problem the server sent with a 5xx status. Everything else needs a change first.
    public var isTransient: Bool {
        switch kind {
        case .rateLimited, .serverInternal, .badNonce: return true
        default: return (status ?? 0) >= 500
        }
    }

    /// `detail`, followed by each subproblem as `identifier: detail`.
    public var description: String {
        var text = detail ?? type
        if detail != nil, let kind { text = "\(kind.rawValue): \(text)" }
        for sub in subproblems {
            let name = sub.identifier.map { "\($0.value): " } ?? ""
            text += "; \(name)\(sub.detail ?? sub.type)"
        }
        return text
    }
}

extension ACMEProblem {
    /// The standard ACME problem types (RFC 8555 §6.7, RFC 9773 §7.4).
    public enum Kind: String, Sendable, CaseIterable {
        /// The request named an account that does not exist.
        case accountDoesNotExist
        /// The certificate to revoke is already revoked.
        case alreadyRevoked
        /// The certificate to replace was already replaced (ARI).
        case alreadyReplaced
        /// The CSR is unacceptable.
        case badCSR
        /// The JWS carried an unacceptable nonce.
        case badNonce
        /// The JWS was signed with an unacceptable key.
        case badPublicKey
        /// The revocation reason is not allowed.
        case badRevocationReason
        /// The JWS signature algorithm is not supported.
        case badSignatureAlgorithm
        /// A CAA record forbids issuance.
        case caa
        /// Several problems; see the subproblems.
        case compound
        /// The server could not connect to the validation target.
        case connection
        /// A DNS lookup during validation failed.
        case dns
        /// The server requires external account binding.
        case externalAccountRequired
        /// The validation response did not match.
        case incorrectResponse
        /// A contact URL is invalid.
        case invalidContact
        /// The request was malformed.
        case malformed
        /// The order is not ready to be finalized.
        case orderNotReady
        /// A rate limit was exceeded.
        case rateLimited
        /// The server will not issue for this identifier.
        case rejectedIdentifier
        /// The server had an internal error.
        case serverInternal
        /// The server saw a TLS error during validation.
        case tls
        /// The client lacks authorization.
        case unauthorized
        /// A contact URL uses an unsupported scheme.
        case unsupportedContact
        /// The identifier type is not supported.
        case unsupportedIdentifier
        /// The user must act (e.g. accept new terms) before continuing.
        case userActionRequired
    }
}
