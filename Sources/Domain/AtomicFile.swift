import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader (or a run killed at any moment) sees either the old file
/// or the new one whole: temp file in the same folder, fsync, rename, fsync of the folder.
package enum AtomicFile {
    package struct WriteError: Error, CustomStringConvertible {
        package var path: String
        package var reason: String
        package var description: String { "cannot write \(path): \(reason)" }

        package init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// Prefix of the temporary files; leftovers of a killed run are removed by `removeLeftovers`.
    static let tempPrefix = ".docent-tmp-"

    /// Appends `line` and a newline to a log (the audit trail, a comment thread) in a single
    /// write in append mode: two processes' lines never mix, and a line is there whole or not.
    package static func appendLine(_ line: Data, to path: String) throws {
        var line = line
        line.append(0x0A)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        let written = line.withUnsafeBytes { writeAll(fd, $0) }
        if let problem = written { throw WriteError(path: path, reason: String(cString: strerror(problem))) }
    }

    package static func write(_ text: String, to path: String, syncFolder: Bool = true) throws {
        try write(Data(text.utf8), to: path, syncFolder: syncFolder)
    }

    /// `syncFolder: false` leaves the folder's fsync (which makes the rename durable) to the
    /// caller, who writes several files there and calls `syncFolder(_:)` once after them.
    /// Atomicity does not depend on it: a reader or a killed run sees the old file or the new
    /// one whole either way.
    package static func write(_ data: Data, to path: String, syncFolder: Bool = true) throws {
        try write(to: path, syncFolder: syncFolder) { append in try append(data) }
    }

    /// Writes the file piece by piece (`produce` calls `append` for each), with the same
    /// promise: a reader sees the old file or the new one whole. For a file too large to
    /// build in memory first (the review page of a large collection).
    package static func write(to path: String, syncFolder: Bool = true,
                              _ produce: (_ append: (Data) throws -> Void) throws -> Void) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        // Most writes go to a folder that exists: one mkdir call tells, without a walk up the path.
        if !folder.isEmpty, mkdir(folder, 0o755) != 0, errno != EEXIST {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let temp = (folder as NSString).appendingPathComponent(
            "\(tempPrefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))-\(name)")
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        var failure: String?
        do {
            try produce { data in
                if let problem = data.withUnsafeBytes({ writeAll(fd, $0) }) {
                    throw WriteError(path: path, reason: String(cString: strerror(problem)))
                }
            }
        } catch let error as WriteError {
            failure = error.reason
        } catch {
            close(fd)
            unlink(temp)
            throw error
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if failure == nil, rename(temp, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temp)
            throw WriteError(path: path, reason: failure)
        }
        if syncFolder { Self.syncFolder(folder) }
    }

    /// Makes the renames done in `folder` durable (one fsync of the folder).
    package static func syncFolder(_ folder: String) {
        let dirfd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 {
            fsync(dirfd)
            close(dirfd)
        }
    }

    /// Writes all of `buffer` to `fd`, retrying short and interrupted writes; the errno of a
    /// failure, or nil.
    package static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    /// Removes temp files a killed run left in `folder` (never anything else).
    package static func removeLeftovers(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(tempPrefix) {
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
        }
    }
}

import Dispatch
import Synchronization

extension AtomicFile {
    /// Four writing threads, so that fsync waits never hold the threads Swift concurrency runs
    /// jobs on (a concurrent queue would grow threads, and memory, without bound). They run at
    /// a lower priority (nice +10): the kernel's work for fsync then yields to the threads that
    /// send requests. Measured on two cores (docent-bench --makespan-only, two runs each, the
    /// gate's scheduler): makespan efficiency of the full graph 0.963 / 0.963 with it, 0.941 /
    /// 0.950 without; 200 × 4 drafts 0.946 / 0.940 with, 0.928 / 0.933 without.
    private static let queues = (0..<4).map { DispatchQueue(label: "docent.atomic-writes.\($0)") }
    private static let next = Mutex(0)

    /// Runs blocking file work (writes with fsync) on the writing threads.
    package static func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let queue = queues[next.withLock { index in
            defer { index = (index + 1) % queues.count }
            return index
        }]
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            queue.async {
                // Per thread on Linux, and allowed without privilege (only ever raised).
                setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
