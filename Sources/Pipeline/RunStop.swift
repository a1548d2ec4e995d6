import LLM
import Synchronization

/// Stops a whole run when one failure says nothing else can work (a rejected API key).
final class RunStop: Sendable {
    private let cause = Mutex<ChatError?>(nil)

    /// The failure that stopped the run, if one did.
    var error: ChatError? { cause.withLock { $0 } }

    var current: String? { error?.description }

    /// Records the first failure; returns true for the call that stopped the run.
    func stop(_ error: ChatError) -> Bool {
        cause.withLock { cause in
            guard cause == nil else { return false }
            cause = error
            return true
        }
    }
}

/// Thrown to a job that must not start: the run stopped, or the budget would be passed.
struct RunStopped: Error {
    var reason: String
}
