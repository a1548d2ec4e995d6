import LLM
import Synchronization

/// A run's model requests, sent by a fixed set of sender tasks (as many as requests may be in
/// flight). A sender that gets its answer takes the next waiting request itself, at once: a
/// freed slot does not wait for another task to be scheduled before it is used again.
final class RequestQueue: Sendable {
    struct Item: Sendable {
        let id: UInt64
        let request: ChatRequest
        let continuation: CheckedContinuation<ChatResponse, any Error>
    }

    private struct State {
        var items: [Item] = []
        var head = 0
        /// Senders waiting for a request.
        var idle: [CheckedContinuation<Item?, Never>] = []
        var closed = false
        var nextID: UInt64 = 0
        /// Requests senders have taken so far, and who waits for that count to reach a number.
        var taken = 0
        var takenWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

        /// The waiters whose count is reached (or all of them, once closed).
        mutating func takenReached() -> [CheckedContinuation<Void, Never>] {
            let ready = takenWaiters.filter { closed || taken >= $0.count }
            takenWaiters.removeAll { closed || taken >= $0.count }
            return ready.map(\.continuation)
        }

        mutating func popItem() -> Item? {
            guard head < items.count else { return nil }
            let item = items[head]
            head += 1
            if head > 64, head * 2 > items.count {
                items.removeFirst(head)
                head = 0
            }
            return item
        }
    }

    private let state = Mutex(State())

    /// Requests waiting for a sender, and senders waiting for a request.
    var counts: (queued: Int, idle: Int) {
        state.withLock { ($0.items.count - $0.head, $0.idle.count) }
    }

    /// For a job: the answer, once a sender has sent the request (in arrival order).
    func send(_ request: ChatRequest) async throws -> ChatResponse {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ChatResponse, any Error>) in
                let item = Item(id: id, request: request, continuation: continuation)
                enum Next { case hand(CheckedContinuation<Item?, Never>), queued, closed }
                let (next, reached) = state.withLock { state -> (Next, [CheckedContinuation<Void, Never>]) in
                    if state.closed { return (.closed, []) }
                    if !state.idle.isEmpty {
                        state.taken += 1
                        return (.hand(state.idle.removeFirst()), state.takenReached())
                    }
                    state.items.append(item)
                    return (.queued, [])
                }
                for waiter in reached { waiter.resume() }
                switch next {
                case .hand(let sender): sender.resume(returning: item)
                case .closed: continuation.resume(throwing: CancellationError())
                case .queued: break
                }
            }
        } onCancel: {
            // Still waiting for a sender: leave the queue.
            let item = state.withLock { state -> Item? in
                guard let index = state.items[state.head...].firstIndex(where: { $0.id == id }) else { return nil }
                return state.items.remove(at: index)
            }
            item?.continuation.resume(throwing: CancellationError())
        }
    }

    /// For a sender: the next request, or nil once the queue is closed.
    func next() async -> Item? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Item?, Never>) in
            enum Next { case item(Item), wait, closed }
            let (next, reached) = state.withLock { state -> (Next, [CheckedContinuation<Void, Never>]) in
                if let item = state.popItem() {
                    state.taken += 1
                    return (.item(item), state.takenReached())
                }
                if state.closed { return (.closed, []) }
                state.idle.append(continuation)
                return (.wait, [])
            }
            for waiter in reached { waiter.resume() }
            switch next {
            case .item(let item): continuation.resume(returning: item)
            case .closed: continuation.resume(returning: nil)
            case .wait: break
            }
        }
    }

    /// Returns once senders have taken `count` requests in all, or the queue is closed.
    func waitUntilTaken(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                if state.closed || state.taken >= count { return true }
                state.takenWaiters.append((count, continuation))
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// No more requests: idle senders end; anything still queued is refused.
    func close() {
        let (idle, left, waiters) = state.withLock { state -> ([CheckedContinuation<Item?, Never>], [Item], [CheckedContinuation<Void, Never>]) in
            state.closed = true
            defer {
                state.idle = []
                state.items = []
                state.head = 0
            }
            return (state.idle, Array(state.items[state.head...]), state.takenReached())
        }
        for waiter in waiters { waiter.resume() }
        for sender in idle { sender.resume(returning: nil) }
        for item in left { item.continuation.resume(throwing: CancellationError()) }
    }
}
