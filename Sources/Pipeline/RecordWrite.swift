import Synchronization

/// An artwork's `record.json` write, started with its first requests rather than before them:
/// a job waits for it only when its own files are about to be written (the folder must exist,
/// and a job whose artwork's record could not be written fails with that error).
final class RecordWrite: Sendable {
    private enum State {
        case pending([CheckedContinuation<String?, Never>])
        case done(String?)
    }

    private let state = Mutex(State.pending([]))

    /// The write is over: `problem` is nil when it succeeded.
    func finish(_ problem: String?) {
        let waiting = state.withLock { state -> [CheckedContinuation<String?, Never>] in
            guard case .pending(let waiting) = state else { return [] }
            state = .done(problem)
            return waiting
        }
        for continuation in waiting { continuation.resume(returning: problem) }
    }

    /// Waits for the write: nil when it succeeded, else what went wrong.
    func problem() async -> String? {
        await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            let done = state.withLock { state -> String?? in
                switch state {
                case .pending(let waiting):
                    state = .pending(waiting + [continuation])
                    return .none
                case .done(let problem):
                    return .some(problem)
                }
            }
            if case .some(let problem) = done { continuation.resume(returning: problem) }
        }
    }
}
