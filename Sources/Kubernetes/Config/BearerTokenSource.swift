/// Where a bearer token comes from.
public enum BearerTokenSource: Sendable, Equatable {
    /// A token given literally (kubeconfig `token`).
    case literal(String)
    /// A file holding the token, re-read whenever it changes (bound service-account tokens rotate).
    case file(String)
}
