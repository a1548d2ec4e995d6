import Foundation
import Synchronization

/// The write end of the pipe the signal handler writes to (set once, before the handler).
private nonisolated(unsafe) var signalPipeWrite: Int32 = -1

/// Turns SIGINT and SIGTERM into task cancellation: the run starts nothing new, lets the
/// writes in progress finish (they are atomic), and returns. A second signal exits at once.
///
/// A real `sigaction` handler that only writes a byte to a pipe (the self-pipe pattern), read
/// by a thread of its own: no signal is lost, however loaded the machine (a dispatch signal
/// source, installed after the signal was set to be ignored, could drop one that came in
/// between).
final class InterruptHandler: Sendable {
    private let state = Mutex<(fired: Bool, task: Task<Void, Never>?)>((false, nil))

    init() {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        signalPipeWrite = fds[1]
        for number in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { _ in
                var byte: UInt8 = 1
                _ = write(signalPipeWrite, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
        let readEnd = fds[0]
        let thread = Thread { [weak self] in
            var byte: UInt8 = 0
            while read(readEnd, &byte, 1) > 0 {
                self?.fire()
            }
        }
        thread.name = "docent-signals"
        thread.start()
    }

    var fired: Bool { state.withLock { $0.fired } }

    private func fire() {
        let (again, task) = state.withLock { state -> (Bool, Task<Void, Never>?) in
            defer { state.fired = true }
            return (state.fired, state.task)
        }
        // A second signal, or one before the run has started (nothing to finish): quit now.
        if again || task == nil { exit(130) }
        FileHandle.standardError.write(Data("\nStopping: no new job starts; finishing the writes in progress… (Ctrl-C again to quit at once)\n".utf8))
        task?.cancel()
    }

    /// Runs `body` in a child task that a signal cancels (one that came before quit at once).
    func run<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> T {
        let box = Mutex<T?>(nil)
        let task = Task {
            let value = await body()
            box.withLock { $0 = value }
        }
        let cancelNow = state.withLock { state -> Bool in
            state.task = task
            return state.fired
        }
        if cancelNow { task.cancel() }
        await task.value
        return box.withLock { $0! }
    }
}
