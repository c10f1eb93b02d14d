#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoTLS

/// Builds the flattened JWS JSON bodies every ACME POST carries (RFC 8555 §6.2, RFC 7515 §7.2.2).
enum JWS {
    /// How the signer is named in the protected header.
    enum KeyReference: Sendable, Equatable {
        /// Embed the public key (newAccount, revocation by certificate key).
        case jwk
        /// Name the account URL (every other request).
        case kid(String)
    }

    /// What the request carries.
    enum Payload: Sendable {
        /// POST-as-GET: the payload is the empty string (RFC 8555 §6.3).
        case postAsGet
        /// A JSON object, already encoded.
        case json([UInt8])
    }

    /// The protected header of an ACME request. Keys are emitted sorted, so the output is deterministic.
    struct ProtectedHeader: Encodable {
        let alg: String
        let jwk: [String: String]?
        let kid: String?
        let nonce: String?
        let url: String
    }

    /// The flattened JSON serialization.
    struct Flattened: Codable, Equatable {
        let protected: String
        let payload: String
        let signature: String
    }

    /// Signs `payload` for `url` with `key`, naming the signer as `reference`.
    static func sign(payload: Payload, url: String, nonce: String?, key: PrivateKey, reference: KeyReference) throws(ACMEError) -> [UInt8] {
        let header: ProtectedHeader
        switch reference {
        case .jwk:
            header = ProtectedHeader(alg: key.jwsAlgorithm, jwk: dictionary(key.publicJWK), kid: nil, nonce: nonce, url: url)
        case .kid(let account):
            header = ProtectedHeader(alg: key.jwsAlgorithm, jwk: nil, kid: account, nonce: nonce, url: url)
        }
        let protected = Base64URL.encode(try encode(header))
        let encodedPayload: String
        switch payload {
        case .postAsGet: encodedPayload = ""
        case .json(let bytes): encodedPayload = Base64URL.encode(bytes)
        }
        let signature: [UInt8]
        do {
            signature = try key.signJWS(Array("\(protected).\(encodedPayload)".utf8))
        } catch {
            throw ACMEError(.crypto, "could not sign the request: \(error.reason)", url: url)
        }
        return try encode(Flattened(protected: protected, payload: encodedPayload, signature: Base64URL.encode(signature)))
    }

    /// The external account binding object for newAccount (RFC 8555 §7.3.4): an HS256 JWS over the account's
    /// public JWK, keyed by the CA-issued MAC key.
    static func externalAccountBinding(accountKey: PrivateKey, binding: ExternalAccountBinding, url: String) throws(ACMEError) -> Flattened {
        struct Header: Encodable { let alg: String; let kid: String; let url: String }
        let protected = Base64URL.encode(try encode(Header(alg: "HS256", kid: binding.keyID, url: url)))
        let payload = Base64URL.encode(accountKey.publicJWK.json)
        let mac: [UInt8]
        do {
            mac = try HMAC.sha256(key: binding.macKey, message: Array("\(protected).\(payload)".utf8))
        } catch {
            throw ACMEError(.crypto, "could not compute the external account binding MAC: \(error.reason)", url: url)
        }
        return Flattened(protected: protected, payload: payload, signature: Base64URL.encode(mac))
    }

    /// A JWK's members as a JSON object.
    static func dictionary(_ jwk: JWK) -> [String: String] {
        Dictionary(jwk.members.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Compact JSON with sorted keys and unescaped slashes.
    static func encode(_ value: some Encodable) throws(ACMEError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw ACMEError(.invalidResponse, "could not encode a request body: \(error)")
        }
    }
}
