import CProcess
import Foundation

/// Process-wide settings for a batch of thousands of jobs on a few threads.
public enum ProcessTuning {
    /// glibc gives a thread that finds the allocator busy an arena of its own (up to eight per
    /// core), and each arena keeps the memory freed into it: over a long run that is tens of
    /// megabytes of resident memory, more or less from one run to the next depending on how
    /// the threads happened to meet. Docent's few threads need two. `MALLOC_ARENA_MAX` in the
    /// environment still decides when it is set.
    public static func limitMallocArenas(to count: Int32 = 2) {
        guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil else { return }
        _ = docent_limit_malloc_arenas(count)
    }
}
