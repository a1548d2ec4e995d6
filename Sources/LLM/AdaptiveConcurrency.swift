import Synchronization

/// At most `limit` holders at once, waiters served in arrival order, with a limit that adapts
/// to the endpoint as promptfoo's scheduler does: halved on a 429 (the request itself waiting
/// for the endpoint's `retry-after`), one more after a run of successes as long as the limit,
/// back up to `limits.jobs`. It is not lowered ahead of a 429 (on `x-ratelimit-remaining-*`):
/// on a provider that enforces its limit over short intervals that fell to a crawl.
/// Cancellation-aware: a cancelled waiter leaves the queue and throws `CancellationError`.
package final class AdaptiveConcurrency: Sendable {
    private struct State {
        var limit: Int
        var inUse = 0
        var successes = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextID: UInt64 = 0
    }
    private let state: Mutex<State>
    package let maxLimit: Int

    package init(limit: Int) {
        maxLimit = max(1, limit)
        state = Mutex(State(limit: max(1, limit)))
    }

    package var currentLimit: Int { state.withLock { $0.limit } }

    package func withPermit<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await body()
    }

    /// A 429 came back: halve the limit.
    package func recordRateLimited() {
        state.withLock { state in
            state.limit = max(1, state.limit / 2)
            state.successes = 0
        }
    }

    /// A request succeeded: after `limit` successes in a row, allow one more in flight.
    package func recordSuccess() {
        let woken = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.successes += 1
            guard state.successes >= state.limit, state.limit < maxLimit else { return [] }
            state.successes = 0
            state.limit += 1
            return Self.admit(&state)
        }
        for continuation in woken { continuation.resume() }
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
