import Synchronization

/// Stops a whole run when one failure says nothing else can work (a rejected API key).
final class RunStop: Sendable {
    private let reason = Mutex<String?>(nil)

    var current: String? { reason.withLock { $0 } }

    /// Records the first reason; returns true for the call that stopped the run.
    func stop(_ why: String) -> Bool {
        reason.withLock { reason in
            guard reason == nil else { return false }
            reason = why
            return true
        }
    }
}

/// Thrown to a job that must not start: the run stopped, or the budget would be passed.
struct RunStopped: Error {
    var reason: String
}
