import CProcess
import Foundation

/// Process-wide settings for a batch of thousands of jobs on a few threads.
public enum ProcessTuning {
    /// glibc gives a thread that finds the allocator busy an arena of its own (up to eight per
    /// core), and each arena keeps the memory freed into it: over a long run that is tens of
    /// megabytes of resident memory, more or less from one run to the next depending on how
    /// the threads happened to meet. Two per core keep parsing HTML on every core fast (one
    /// per core halves it: libxml2 allocates a lot) and memory bounded. `MALLOC_ARENA_MAX` in
    /// the environment still decides when it is set.
    public static func limitMallocArenas() {
        guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil else { return }
        _ = docent_limit_malloc_arenas(Int32(max(2, 2 * ProcessInfo.processInfo.activeProcessorCount)))
    }
}
