/// Chooses, without any I/O, the challenge method that proves the hosts of one TLS entry: the one the Ingress
/// names (annotation `kube-lego.io/challenge`), else `LEGO_DEFAULT_CHALLENGE`, else any other configured
/// method that can validate every host (how a wildcard finds DNS-01). Never a method that cannot validate a
/// host: that would spend a CA validation on a certain failure.
public enum ChallengeSelection {
    /// What a method can do, as the selection needs to know it.
    public typealias Capability = @Sendable (_ host: String) -> Bool

    /// What the selection decided.
    public enum Choice: Sendable, Equatable {
        /// Use the method of this name.
        case method(String)
        /// Order nothing; report this as a Warning Event.
        case refuse(Refusal)
    }

    /// The method's name, or the refusal to report.
    public static func choose(
        hosts: [String], requested: String?, defaultMethod: String, methods: [String: Capability]
    ) -> Choice {
        func validatesAll(_ name: String) -> Bool {
            guard let canValidate = methods[name] else { return false }
            return hosts.allSatisfy(canValidate)
        }
        if let requested {
            guard methods[requested] != nil else {
                return .refuse(.challengeMethodUnavailable(requested, configured: methods.keys.sorted()))
            }
            guard validatesAll(requested) else {
                let hosts = hosts.filter { !(methods[requested]?($0) ?? false) }
                return .refuse(.challengeMethodCannotValidate(requested, hosts: hosts))
            }
            return .method(requested)
        }
        if validatesAll(defaultMethod) { return .method(defaultMethod) }
        if let other = methods.keys.sorted().first(where: validatesAll) { return .method(other) }
        let unanswerable = hosts.filter { host in !methods.values.contains { $0(host) } }
        return .refuse(.noChallengeMethod(hosts: unanswerable.isEmpty ? hosts : unanswerable, configured: methods.keys.sorted()))
    }
}
