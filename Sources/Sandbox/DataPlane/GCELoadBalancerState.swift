import NIOCore

/// What the emulated load balancer knows, changed only by pure steps: programmed and pending URL maps, why
/// Ingresses were refused, endpoint health and request counts.
struct GCELoadBalancerState: Sendable {
    /// A URL-map change waiting for its delay; `map == nil` removes the Ingress's map.
    struct Pending: Sendable, Hashable {
        var map: GCEURLMap?
        var due: NIODeadline
    }

    /// Health-check history of one endpoint ("ip:port").
    struct Health: Sendable, Hashable {
        var passes = 0
        var failures = 0
        var healthy = false
    }

    /// URL maps in effect, by Ingress "namespace/name".
    var programmed: [String: GCEURLMap] = [:]
    /// Changes not yet in effect.
    var pending: [String: Pending] = [:]
    /// Why an Ingress was not (re)programmed.
    var failures: [String: String] = [:]
    /// Endpoint health by "ip:port".
    var health: [String: Health] = [:]
    /// Requests routed, by backend description ("namespace/service:port").
    var requests: [String: Int] = [:]

    /// Takes in the current compile result of every class-matching Ingress: a changed map becomes pending and
    /// takes effect `delay` after its last change; an invalid Ingress keeps its old map; a vanished one goes.
    /// Returns the Ingresses whose URL map took effect in this step.
    mutating func observe(_ desired: [String: Result<GCEURLMap, SandboxError>], now: NIODeadline, delay: TimeAmount) -> [String] {
        for (key, result) in desired {
            switch result {
            case .failure(let error): failures[key] = error.reason
            case .success(let map):
                failures[key] = nil
                target(key, map, now: now, delay: delay)
            }
        }
        for key in failures.keys where desired[key] == nil { failures[key] = nil }
        for key in Set(programmed.keys).union(pending.keys) where desired[key] == nil {
            target(key, nil, now: now, delay: delay)
        }
        var applied: [String] = []
        for (key, change) in pending where change.due <= now {
            programmed[key] = change.map
            pending[key] = nil
            applied.append(key)
        }
        return applied.sorted()
    }

    /// The URL map serving `host`: the first Ingress by namespace/name that has a rule for it.
    func urlMap(host: String) -> GCEURLMap? {
        programmed.keys.sorted().lazy.compactMap { programmed[$0] }.first { $0.serves(host: host) }
    }

    /// Records one probe of `endpoint`.
    mutating func record(probe passed: Bool, endpoint: String, healthyThreshold: Int, unhealthyThreshold: Int) {
        var entry = health[endpoint] ?? Health()
        if passed {
            entry.passes += 1
            entry.failures = 0
            if entry.passes >= healthyThreshold { entry.healthy = true }
        } else {
            entry.failures += 1
            entry.passes = 0
            if entry.failures >= unhealthyThreshold { entry.healthy = false }
        }
        health[endpoint] = entry
    }

    private mutating func target(_ key: String, _ map: GCEURLMap?, now: NIODeadline, delay: TimeAmount) {
        if let waiting = pending[key] {
            if waiting.map == map { return }
            pending[key] = programmed[key] == map ? nil : Pending(map: map, due: now + delay)
        } else if programmed[key] != map {
            pending[key] = Pending(map: map, due: now + delay)
        }
    }
}
