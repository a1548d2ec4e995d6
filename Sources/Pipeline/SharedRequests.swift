import LLM
import Synchronization

/// Requests the run has out, by cache key: a job whose request is the same as one already out
/// (two artworks whose records give the same prompt, a retried revision) waits for that answer
/// instead of paying for it again.
final class SharedRequests: Sendable {
    private let pending = Mutex<[String: Task<ChatResponse, any Error>]>([:])

    /// The answer to the request with `key`: from the one already out, or from `send`.
    /// `shared` is true when another job paid for it.
    func answer(_ key: String, send: @escaping @Sendable () async throws -> ChatResponse) async throws -> (response: ChatResponse, shared: Bool) {
        let (task, shared) = pending.withLock { pending -> (Task<ChatResponse, any Error>, Bool) in
            if let running = pending[key] { return (running, true) }
            let task = Task { try await send() }
            pending[key] = task
            return (task, false)
        }
        defer { if !shared { _ = pending.withLock { $0.removeValue(forKey: key) } } }
        // The job that sent it may be cancelled (Ctrl-C): so is its request.
        return (try await withTaskCancellationHandler { try await task.value } onCancel: { if !shared { task.cancel() } }, shared)
    }
}
