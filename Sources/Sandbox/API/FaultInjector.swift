import Synchronization

/// The current faults and what is left of their budget; read by every request, changed at run time.
final class FaultInjector: Sendable {
    private let state: Mutex<(faults: SandboxFaults, injected: Int)>

    init(_ faults: SandboxFaults) { state = Mutex((faults, 0)) }

    /// The faults in force.
    var faults: SandboxFaults {
        get { state.withLock { $0.faults } }
        set { state.withLock { $0 = (newValue, 0) } }
    }

    /// The error to serve instead of handling a request of `verb`, if a fault fires.
    func injectedError(for verb: SandboxVerb, resource: ResourceType, name: String?) -> SandboxError? {
        state.withLock { state in
            let faults = state.faults
            if let budget = faults.budget, state.injected >= budget { return nil }
            var error: SandboxError?
            if faults.throttleRate > 0, Double.random(in: 0..<1) < faults.throttleRate {
                error = SandboxError(.tooManyRequests, "Too many requests, please try again later.",
                                     retryAfterSeconds: faults.retryAfterSeconds)
            } else if let rule = faults.errors[verb], rule.rate > 0, Double.random(in: 0..<1) < rule.rate {
                error = SandboxError(.forHTTPStatus(rule.status), "injected fault: \(verb.rawValue) \(resource.plural) failed",
                                     httpStatus: rule.status, name: name, group: resource.group, kind: resource.plural)
            } else if verb.isWrite, faults.spuriousConflictRate > 0,
                      Double.random(in: 0..<1) < faults.spuriousConflictRate {
                error = .conflict(resource, name ?? "", SandboxError.staleMessage)
            }
            if error != nil { state.injected += 1 }
            return error
        }
    }
}
