public import KubeLegoTLS
import Logging

extension ACMEClient {
    /// Who signs a revocation request (RFC 8555 §7.6).
    public enum RevocationSigner: Sendable {
        /// The account that ordered the certificate (or one authorized for all its names).
        case account(ACMEAccount)
        /// The certificate's own private key (JWS with `jwk`).
        case certificateKey(PrivateKey)
    }

    /// Revokes `certificate`, stating `reason` when given.
    public func revoke(_ certificate: Certificate, reason: RevocationReason? = nil, signer: RevocationSigner) async throws(ACMEError) {
        struct Revoke: Encodable { let certificate: String; let reason: Int? }
        let url = try await directory().revokeCert
        let body = try JWS.encode(Revoke(certificate: Base64URL.encode(certificate.der), reason: reason?.rawValue))
        switch signer {
        case .account(let account):
            _ = try await post(url, payload: .json(body), key: account.key, reference: .kid(account.url))
        case .certificateKey(let key):
            _ = try await post(url, payload: .json(body), key: key, reference: .jwk)
        }
        logger.info("certificate revoked", metadata: ["acme.serial": .string(certificate.serialNumberHex)])
    }
}
