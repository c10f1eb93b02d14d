/// The next thing to do with an order, decided purely from what the CA last said about it (RFC 8555 §7.4).
enum OrderStep: Equatable {
    /// Solve the order's pending authorizations.
    case authorize
    /// Submit the CSR to the order's finalize URL.
    case finalize
    /// Wait, then fetch the order again.
    case poll
    /// Download the certificate from this URL.
    case download(String)
    /// Give up: the order failed (with the CA's problem, if any) or the CA broke the protocol.
    case fail(ACMEError.Code, String, ACMEProblem?)

    /// Decides the step for an order in `status`.
    /// - Parameters:
    ///   - authorized: this attempt has already seen every authorization valid.
    ///   - finalized: this attempt has already submitted the CSR.
    static func next(status: ACMEStatus, certificateURL: String?, error: ACMEProblem?, authorized: Bool, finalized: Bool) -> OrderStep {
        switch status {
        case .pending:
            // A CA may lag in moving the order to `ready` after its last authorization became valid.
            if finalized { return .fail(.invalidResponse, "the order went back to pending after finalization", error) }
            return authorized ? .poll : .authorize
        case .ready:
            return finalized ? .poll : .finalize
        case .processing:
            return .poll
        case .valid:
            guard let certificateURL, !certificateURL.isEmpty else {
                return .fail(.invalidResponse, "the order is valid but names no certificate URL", error)
            }
            return .download(certificateURL)
        case .invalid:
            return .fail(.orderInvalid, "the order is invalid", error)
        case .expired, .deactivated, .revoked:
            return .fail(.orderInvalid, "the order is \(status.rawValue)", error)
        }
    }
}
