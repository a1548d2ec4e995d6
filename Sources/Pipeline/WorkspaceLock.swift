import Dispatch
import Foundation
import Project
import Prose
#if canImport(Glibc)
import Glibc
#endif

/// One `docent run` at a time in a workspace: `.docent/lock`, held with `flock` for the run's
/// life. The kernel releases it when the process ends, even on `kill -9`, so a stale lock is
/// impossible. `approve`, `reject`, `accept` and `status` do not take it: editors keep working
/// during a run (their writes are serialized with the run's by each artwork's folder lock).
package final class WorkspaceLock: Sendable {
    private let fd: Int32

    package struct Failure: Error, CustomStringConvertible {
        package var path: String
        package var reason: String
        package var description: String { "cannot take the workspace lock \(path): \(reason)" }
    }

    private init(fd: Int32) {
        self.fd = fd
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// Takes the lock at `path`. When another run holds it: throws `Busy`, or with `wait`
    /// calls `waiting` with who holds it and waits until it is free.
    package static func acquire(at path: String, wait: Bool, started: String,
                               waiting: @Sendable (String) -> Void = { _ in }) async throws -> WorkspaceLock {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(path: path, reason: "\(error)")
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw Failure(path: path, reason: reason)
            }
            let holder = TerminalText.safe(holderDescription(fd))
            guard wait else {
                close(fd)
                throw Busy("another docent run is writing in this workspace (\(holder))")
            }
            waiting(holder)
            // Blocking, on a thread of its own: the task pool's threads are not held.
            let locked = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                DispatchQueue.global().async {
                    var result = flock(fd, LOCK_EX)
                    while result != 0 && errno == EINTR { result = flock(fd, LOCK_EX) }
                    continuation.resume(returning: result == 0)
                }
            }
            guard locked else {
                close(fd)
                throw Failure(path: path, reason: String(cString: strerror(errno)))
            }
        }
        // Who holds it, for the message another run shows.
        let note = "pid \(getpid()), started \(started)\n"
        ftruncate(fd, 0)
        _ = note.utf8CString.withUnsafeBufferPointer { pwrite(fd, $0.baseAddress, $0.count - 1, 0) }
        return WorkspaceLock(fd: fd)
    }

    private static func holderDescription(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        let text = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
        return text.isEmpty ? "its process did not say which" : text
    }
}

extension Workspace {
    /// `.docent/lock` beside pipeline.json.
    package var lockPath: String { config.resolve(".docent/lock") }
}
