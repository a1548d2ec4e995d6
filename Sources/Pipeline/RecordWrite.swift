import Synchronization

/// An artwork's `record.json` write, done once by whichever job asks first (jobs ask while
/// their request is out, and wait for it before writing their own files: the folder must exist
/// then, and a job whose artwork's record could not be written fails with that error), or at
/// the latest when the artwork's jobs are over. Not before the artwork's first requests, whose
/// start it would delay, nor after its answers, whose files it would delay.
final class RecordWrite: Sendable {
    private enum State {
        case idle
        case writing([CheckedContinuation<String?, Never>])
        case done(String?)
    }

    private let state = Mutex(State.idle)
    /// Writes the record; returns what went wrong, or nil.
    private let write: @Sendable () async -> String?

    init(_ write: @escaping @Sendable () async -> String?) {
        self.write = write
    }

    /// Writes the record if no one has yet, else waits for that write: nil when it succeeded,
    /// else what went wrong.
    func problem() async -> String? {
        let isWriter = state.withLock { state -> Bool in
            guard case .idle = state else { return false }
            state = .writing([])
            return true
        }
        if isWriter {
            let problem = await write()
            let waiting = state.withLock { state -> [CheckedContinuation<String?, Never>] in
                defer { state = .done(problem) }
                guard case .writing(let waiting) = state else { return [] }
                return waiting
            }
            for continuation in waiting { continuation.resume(returning: problem) }
            return problem
        }
        return await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            // The state only moves forward (idle, writing, done), and it has left idle.
            let done = state.withLock { state -> String?? in
                switch state {
                case .idle:
                    preconditionFailure("RecordWrite: back to idle")
                case .writing(let waiting):
                    state = .writing(waiting + [continuation])
                    return .none
                case .done(let problem):
                    return .some(problem)
                }
            }
            if case .some(let problem) = done { continuation.resume(returning: problem) }
        }
    }
}
