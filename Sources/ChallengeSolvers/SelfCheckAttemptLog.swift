/// What the last failed self-check attempts saw, for the final error: repeats of one observation are kept
/// once as a range of attempts, and only the last `capacity` different observations are kept.
struct SelfCheckAttemptLog {
    private var entries: [(first: Int, last: Int, seen: String)] = []
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// Notes what attempt number `attempt` saw.
    mutating func record(attempt: Int, seen: String) {
        if let last = entries.last, last.seen == seen {
            entries[entries.count - 1].last = attempt
            return
        }
        entries.append((attempt, attempt, seen))
        if entries.count > capacity { entries.removeFirst() }
    }

    /// `attempt 3: …; attempts 4-6: …`.
    var summary: String {
        entries.map { entry in
            entry.first == entry.last ? "attempt \(entry.first): \(entry.seen)" : "attempts \(entry.first)-\(entry.last): \(entry.seen)"
        }.joined(separator: "; ")
    }
}
