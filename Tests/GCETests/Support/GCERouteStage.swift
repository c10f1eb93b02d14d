/// How far a challenge route through the emulated GCE load balancer has got, judged from one answer: the tests
/// use it to name the stage a route is stuck in.
enum GCERouteStage: Sendable, Hashable, CustomStringConvertible {
    /// 404: the URL map does not route the challenge path yet (the change is still propagating).
    case pathNotRouted
    /// 502 or 503: the path is routed but the backend has not passed its health checks yet.
    case backendUnhealthy
    /// The route answers, but not with what was expected (another instance, or a stale Endpoints pod IP).
    case wrongAnswer(status: Int)
    /// The route answers with the expected body.
    case ready

    /// Classifies one answer to a challenge request.
    init(status: Int, body: String, expected: String) {
        switch status {
        case 200 where body == expected: self = .ready
        case 404: self = .pathNotRouted
        case 502, 503: self = .backendUnhealthy
        default: self = .wrongAnswer(status: status)
        }
    }

    /// A sentence for logs and Events.
    var description: String {
        switch self {
        case .pathNotRouted: "path not yet routed by the load balancer (404)"
        case .backendUnhealthy: "backend not yet healthy (502)"
        case .wrongAnswer(let status): "wrong answer from the route (HTTP \(status)): check the challenge Endpoints"
        case .ready: "route answers"
        }
    }
}
