#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KubeLegoHTTP
import KubeLegoTLS
import Logging

extension ACMEClient {
    /// An order as returned by finalize, with the CA's polling hint.
    struct FinalizedOrder {
        let order: OrderResource
        let retryAfter: Date?
    }

    /// Submits a CSR for `identifiers` signed by `certificateKey`. Returns nil when the CA says `orderNotReady`
    /// (the caller re-reads the order); after a few such answers the problem is thrown.
    func finalize(_ url: String, identifiers: [ACMEIdentifier], certificateKey: PrivateKey, account: ACMEAccount,
                  orderURL: String, attempt: Int) async throws(ACMEError) -> FinalizedOrder? {
        struct Finalize: Encodable { let csr: String }
        let start = ContinuousClock.now
        let csr: CertificateSigningRequest
        do {
            csr = try CertificateSigningRequest.make(identifiers: identifiers.map(\.value), key: certificateKey)
        } catch {
            throw ACMEError(.crypto, "could not make the CSR: \(error.reason)", url: orderURL)
        }
        IssuanceRecorder.current?.addCSRTime(ContinuousClock.now - start)
        do {
            let response = try await post(url, json: Finalize(csr: Base64URL.encode(csr.der)), account: account)
            return FinalizedOrder(order: try response.decode(OrderResource.self), retryAfter: response.retryAfter)
        } catch where error.problem?.kind == .orderNotReady && attempt < 3 {
            return nil
        }
    }

    /// Downloads the certificate chain; with a preferred chain, follows `Link: rel="alternate"` until a chain's
    /// top issuer has that common name, falling back to the default chain.
    func downloadChain(_ url: String, account: ACMEAccount, preferredChain: String?) async throws(ACMEError) -> (CertificateChain, String) {
        let accept = "application/pem-certificate-chain"
        let response = try await fetch(url, account: account, accept: accept)
        let chain = try parseChain(response)
        guard let preferredChain, !Self.chain(chain, hasTopIssuer: preferredChain) else { return (chain, url) }
        for alternate in LinkHeader.targets(response.headers.fields("Link"), relation: "alternate", base: url) {
            let candidate = try parseChain(try await fetch(alternate, account: account, accept: accept))
            if Self.chain(candidate, hasTopIssuer: preferredChain) {
                logger.debug("preferred chain found", metadata: ["acme.certificate": .string(alternate)])
                return (candidate, alternate)
            }
        }
        logger.notice("no chain with the preferred issuer; using the default chain", metadata: ["acme.preferredChain": .string(preferredChain)])
        return (chain, url)
    }

    /// True when the issuer common name of the chain's last certificate equals `name`.
    static func chain(_ chain: CertificateChain, hasTopIssuer name: String) -> Bool {
        chain.certificates.last?.issuerCommonName == name
    }

    private func parseChain(_ response: ACMEResponse) throws(ACMEError) -> CertificateChain {
        do {
            return try CertificateChain(pem: String(decoding: response.body, as: UTF8.self))
        } catch {
            throw ACMEError(.invalidResponse, "the certificate chain is not valid PEM: \(error.reason)", url: response.url, httpStatus: response.status)
        }
    }

    /// The issued leaf must carry the requested key and names.
    func checkIssued(_ chain: CertificateChain, identifiers: [ACMEIdentifier], certificateKey: PrivateKey, url: String) throws(ACMEError) {
        guard certificateKey.matches(chain.leaf) else {
            throw ACMEError(.invalidResponse, "the issued certificate is not for the key in the CSR", url: url)
        }
        let names = Set(chain.leaf.dnsNames.map { $0.lowercased() })
        let missing = identifiers.filter { $0.type == "dns" && !names.contains($0.value.lowercased()) }
        let ipCount = identifiers.filter { $0.type == "ip" }.count
        guard missing.isEmpty, ipCount == chain.leaf.ipAddresses.count else {
            throw ACMEError(.invalidResponse, "the issued certificate names \(chain.leaf.dnsNames + chain.leaf.ipAddresses) instead of \(identifiers.map(\.value))", url: url)
        }
    }
}
