import Synchronization

/// At most `limit` requests in flight at once (`limits.jobs`), waiters served in arrival
/// order. The limit never shrinks: a rate limit is paced by the `RateLimiter` (a 429 pauses
/// every sender until the endpoint's `retry-after`), never by sending fewer requests at a
/// time, which on a provider that enforces its limit over short intervals fell to a crawl.
/// Cancellation-aware: a cancelled waiter leaves the queue and throws `CancellationError`.
package final class ConcurrencyLimit: Sendable {
    private struct State {
        var limit: Int
        var inUse = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextID: UInt64 = 0
    }
    private let state: Mutex<State>

    package init(limit: Int) {
        state = Mutex(State(limit: max(1, limit)))
    }

    package var currentLimit: Int { state.withLock { $0.limit } }

    package func withPermit<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await body()
    }

    private static func admit(_ state: inout State) -> [CheckedContinuation<Void, any Error>] {
        var admitted: [CheckedContinuation<Void, any Error>] = []
        while state.inUse < state.limit, !state.waiters.isEmpty {
            state.inUse += 1
            admitted.append(state.waiters.removeFirst().continuation)
        }
        return admitted
    }

    private func acquire() async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Next { case go, wait, cancelled }
                let next = state.withLock { state -> Next in
                    if Task.isCancelled { return .cancelled }
                    if state.inUse < state.limit && state.waiters.isEmpty {
                        state.inUse += 1
                        return .go
                    }
                    state.waiters.append((id, continuation))
                    return .wait
                }
                switch next {
                case .go: continuation.resume()
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .wait: break
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    private func release() {
        let woken = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.inUse -= 1
            return Self.admit(&state)
        }
        for continuation in woken { continuation.resume() }
    }
}
