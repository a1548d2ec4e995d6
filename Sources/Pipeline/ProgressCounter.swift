import Synchronization

/// Jobs done and failed so far, shared by the run's tasks.
final class ProgressCounter: Sendable {
    let total: Int
    private let counts = Mutex((done: 0, failed: 0))

    init(total: Int) {
        self.total = total
    }

    var current: (done: Int, failed: Int) { counts.withLock { $0 } }

    func record(failed: Bool) -> (done: Int, failed: Int) {
        counts.withLock { counts in
            counts.done += 1
            if failed { counts.failed += 1 }
            return counts
        }
    }
}

/// Requests in flight right now, for the progress line.
final class InFlightCounter: Sendable {
    private let count = Atomic<Int>(0)

    var current: Int { count.load(ordering: .relaxed) }

    func during<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        count.add(1, ordering: .relaxed)
        defer { count.subtract(1, ordering: .relaxed) }
        return try await body()
    }
}
