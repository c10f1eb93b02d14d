/// The next thing to do with one authorization, decided purely from its status (RFC 8555 §7.1.6).
enum AuthorizationStep: Equatable {
    /// Nothing: the authorization is valid (possibly reused from an earlier order).
    case done
    /// Present a challenge answer and ask the CA to validate.
    case solve
    /// Wait, then fetch the authorization again (validation in progress).
    case poll
    /// The authorization failed for good.
    case fail

    /// Decides the step; `responded` says whether this attempt already asked the CA to validate.
    static func next(status: ACMEStatus, responded: Bool) -> AuthorizationStep {
        switch status {
        case .valid: return .done
        case .pending, .processing: return responded ? .poll : .solve
        case .invalid, .deactivated, .expired, .revoked, .ready: return .fail
        }
    }
}
