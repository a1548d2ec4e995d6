import Dispatch
import Foundation
import HTTP
import Synchronization

/// Threads of the run's own, at a lower scheduling priority, for its CPU work: preparing
/// prompts, checking answers, rendering and encoding what is written. A job's work is never
/// urgent to the microsecond; the thread that moves requests (curl's) and, on a shared machine,
/// the endpoint or other programs are. With the checks on threads of equal priority, a burst
/// of answers delayed the next requests by up to milliseconds; at `nice` +10 they wait instead
/// (measured with docent-bench --makespan-only, paired runs: about +0.6 % makespan efficiency).
///
/// A task executor: tasks that prefer it run here, and so do their child tasks. After
/// `shutdown`, anything still enqueued runs on the global executor.
final class BackgroundExecutor: TaskExecutor {
    private struct State {
        var jobs: [UnownedJob] = []
        var head = 0
        var stopped = false
    }

    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let threads: Int

    /// `threads` threads (at least one) at `nice` (Linux: per thread; raising it needs no privilege).
    init(threads: Int, nice: Int32 = 10) {
        self.threads = max(1, threads)
        for index in 0..<self.threads {
            Thread { [self] in
                ThreadName.set("docent-work-\(index)")
                setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
                self.work()
            }.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let accepted = state.withLock { state -> Bool in
            guard !state.stopped else { return false }
            state.jobs.append(job)
            return true
        }
        if accepted {
            available.signal()
        } else {
            globalConcurrentExecutor.enqueue(job)
        }
    }

    /// Lets the threads finish what is queued, then stops them. Later jobs run on the global
    /// executor.
    func shutdown() {
        let first = state.withLock { state -> Bool in
            defer { state.stopped = true }
            return !state.stopped
        }
        guard first else { return }
        for _ in 0..<threads { available.signal() }
        for _ in 0..<threads { finished.wait() }
    }

    private func work() {
        while true {
            available.wait()
            let next = state.withLock { state -> UnownedJob?? in
                guard state.head < state.jobs.count else { return state.stopped ? .none : .some(nil) }
                let job = state.jobs[state.head]
                state.head += 1
                if state.head > 256, state.head * 2 > state.jobs.count {
                    state.jobs.removeFirst(state.head)
                    state.head = 0
                }
                return .some(job)
            }
            switch next {
            case .none:
                finished.signal()
                return
            case .some(nil):
                continue
            case .some(let job?):
                job.runSynchronously(on: asUnownedTaskExecutor())
            }
        }
    }
}
