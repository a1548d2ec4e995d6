import Domain
import Prose
import Synchronization

/// The checks' findings on a job's texts, kept while the job waits for a provider batch. A
/// batch run walks a job again in each round until all its answers are in (first answer,
/// revision, proofreading), and its texts came back the same from the cache: they are checked
/// once, not in every round (the checks were an eighth of a batch run's CPU). Kept by the job
/// and the text's hash, and let go when the job is done; at most `capacity` jobs at a time
/// (past that a text is checked again), so a collection of any size costs the same memory.
final class CheckMemo: Sendable {
    private let entries = Mutex<[JobKey: [String: [Finding]]]>([:])
    let capacity: Int

    /// 16,384 jobs (a few kilobytes of findings each): 4,096 left most of a batch window's
    /// 40,000 jobs to be checked again in every round. The memory it costs is part of the
    /// batch rows of `docent-bench --batch-memory-only`, which stay under 500 MB with it.
    init(capacity: Int = 16_384) {
        self.capacity = capacity
    }

    /// The findings on `body` for `job`, from an earlier round or from `check`.
    func findings(_ job: JobKey?, body: String, check: () -> [Finding]) -> [Finding] {
        guard let job else { return check() }
        let hash = ContentHash.of(body)
        if let known = entries.withLock({ $0[job]?[hash] }) { return known }
        let findings = check()
        entries.withLock { entries in
            if entries[job] != nil || entries.count < capacity { entries[job, default: [:]][hash] = findings }
        }
        return findings
    }

    /// The job is done (or failed): its texts are let go.
    func release(_ job: JobKey) {
        _ = entries.withLock { $0.removeValue(forKey: job) }
    }
}
