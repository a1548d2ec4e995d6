import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The lock that serializes the writes of one artwork's files: a run's write of a draft (whose
/// decision is taken again under it, from the file on disk at that moment) and an editor's
/// `approve`, `reject` or `accept`. It is `flock` on the artwork's folder itself, so it needs no
/// file of its own and the kernel releases it when a process ends, even killed with `kill -9`.
package enum FolderLock {
    package struct LockError: Error, CustomStringConvertible {
        package var folder: String
        package var reason: String
        package var description: String { "cannot lock \(folder): \(reason)" }
    }

    package static func withLock<T>(_ folder: String, _ body: () throws -> T) throws -> T {
        var fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0, errno == ENOENT {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }
        guard fd >= 0 else { throw LockError(folder: folder, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw LockError(folder: folder, reason: String(cString: strerror(errno))) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// The folder a draft file is in.
    package static func withLock<T>(forFile path: String, _ body: () throws -> T) throws -> T {
        try withLock((path as NSString).deletingLastPathComponent, body)
    }
}
