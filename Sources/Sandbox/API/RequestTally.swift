import Synchronization

/// Counts the requests the API server answered: by HTTP method, and by verb, resource and object name (for
/// benchmarks: API requests per certificate, and which requests they are).
final class RequestTally: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    private let detailed = Mutex<[RequestKind: Int]>([:])

    func count(_ method: String) {
        counts.withLock { $0[method, default: 0] += 1 }
    }

    /// Counts one routed request: `verb` on `resource`, naming `name` (nil for collection requests).
    func count(verb: String, resource: String, name: String?) {
        detailed.withLock { $0[RequestKind(verb: verb, resource: resource, name: name), default: 0] += 1 }
    }

    var snapshot: [String: Int] { counts.withLock { $0 } }

    var detailedSnapshot: [RequestKind: Int] { detailed.withLock { $0 } }
}

/// One kind of API request as the tally counts it: the Kubernetes verb (get, list, watch, create, update,
/// patch, delete, deletecollection), the resource (plural, e.g. "secrets") and the object's name when the
/// request names one.
public struct RequestKind: Hashable, Sendable, Comparable {
    /// The verb.
    public var verb: String
    /// The resource, plural.
    public var resource: String
    /// The object's name; nil for collection requests.
    public var name: String?

    /// Makes a kind.
    public init(verb: String, resource: String, name: String?) {
        self.verb = verb
        self.resource = resource
        self.name = name
    }

    public static func < (lhs: RequestKind, rhs: RequestKind) -> Bool {
        (lhs.resource, lhs.verb, lhs.name ?? "") < (rhs.resource, rhs.verb, rhs.name ?? "")
    }
}
