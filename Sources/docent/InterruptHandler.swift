import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into task cancellation: the run starts nothing new, lets the
/// writes in progress finish (they are atomic), and returns. A second signal exits at once.
final class InterruptHandler: Sendable {
    private let state = Mutex<(fired: Bool, task: Task<Void, Never>?)>((false, nil))
    /// Kept alive for the handler's lifetime; only touched at creation and deinit.
    private let sources: Mutex<[any DispatchSourceSignal]>

    init() {
        sources = Mutex([])
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            sources.withLock { sources in
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [weak self] in self?.fire() }
                source.resume()
                sources.append(source)
            }
        }
    }

    var fired: Bool { state.withLock { $0.fired } }

    private func fire() {
        let (again, task) = state.withLock { state -> (Bool, Task<Void, Never>?) in
            defer { state.fired = true }
            return (state.fired, state.task)
        }
        if again { exit(130) }
        FileHandle.standardError.write(Data("\nStopping: no new job starts; finishing the writes in progress… (Ctrl-C again to quit at once)\n".utf8))
        task?.cancel()
    }

    /// Runs `body` in a child task that a signal cancels.
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

    deinit {
        sources.withLock { sources in
            for source in sources { source.cancel() }
        }
    }
}
