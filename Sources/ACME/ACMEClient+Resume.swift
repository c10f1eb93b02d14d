public import KubeLegoTLS
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging

extension ACMEClient {
    /// Finishes an order placed earlier (by this process or one that stopped), instead of placing a new one:
    /// reads the order at `orderURL` and, as its status asks, solves the authorizations still pending with
    /// `solvers`, finalizes with a CSR for `certificateKey` when ready, polls while processing and downloads when
    /// valid. `certificateKey` must be the key the order was (or will be) finalized with.
    ///
    /// Throws `.orderInvalid` when the CA reports the order invalid, expired or deactivated, or no longer knows
    /// it (404): such an order cannot be finished and a new one is needed. `.invalidResponse` when the order is
    /// for other identifiers than `identifiers`. Other failures are those of `issueCertificate`.
    public func resumeCertificate(
        orderURL: String, for identifiers: [ACMEIdentifier], certificateKey: PrivateKey, account: ACMEAccount,
        solvers: [any ChallengeSolver], options: IssuanceOptions = .init()
    ) async throws(ACMEError) -> IssuedCertificate {
        try await recordingIssuance(options: options) { deadline async throws(ACMEError) in
            var retryAfter: Date?
            let order: OrderResource
            do throws(ACMEError) {
                order = try await self.fetchOrder(orderURL, account: account, retryAfter: &retryAfter)
            } catch where error.httpStatus == 404 {
                throw ACMEError(.orderInvalid, "the CA no longer knows the order", url: orderURL, problem: error.problem)
            }
            try self.checkIdentifiers(order.identifiers, requested: identifiers, orderURL: orderURL)
            self.logger.info("resuming order", metadata: ["acme.order": .string(orderURL), "acme.status": .string(order.status.rawValue)])
            return try await self.driveOrder(
                orderURL, order: order, retryAfter: retryAfter, identifiers: identifiers, certificateKey: certificateKey,
                account: account, solvers: solvers, options: options, deadline: deadline)
        }
    }
}
