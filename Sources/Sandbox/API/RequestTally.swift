import Synchronization

/// Counts the requests the API server answered, by HTTP method (for benchmarks: API requests per certificate).
final class RequestTally: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    func count(_ method: String) {
        counts.withLock { $0[method, default: 0] += 1 }
    }

    var snapshot: [String: Int] { counts.withLock { $0 } }
}
