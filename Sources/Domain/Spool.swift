import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Bytes a run writes now and reads back once at its end (the review page's sections, the
/// report's jobs), kept on disk instead of in memory, so that a run's memory does not grow
/// with the collection. The file is removed from its folder as soon as it is opened: nothing
/// is left behind, even by a killed run, and the kernel frees it when the spool is let go.
package final class Spool: Sendable {
    /// Where a piece is: its offset and length in the spool.
    package struct Piece: Sendable, Hashable {
        package var offset: Int
        package var length: Int
    }

    package struct SpoolError: Error, CustomStringConvertible {
        package var reason: String
        package var description: String { "the run's spool file: \(reason)" }
    }

    private let fd: Int32
    /// The end of the file (where the next piece goes), and whether a write failed.
    private let end = Mutex<(offset: Int, failed: Bool)>((0, false))

    /// A spool in `folder` (created when missing); in the output's folder rather than /tmp,
    /// which may be memory itself.
    package init(in folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent(".docent-spool-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SpoolError(reason: "cannot create \(path): \(String(cString: strerror(errno)))") }
        unlink(path)
        self.fd = fd
    }

    deinit { close(fd) }

    /// Adds `data`; where it went, or nil when it could not be written (after a failure, a full
    /// disk, nothing more is: the caller keeps what it could not add in memory).
    package func append(_ data: Data) -> Piece? {
        end.withLock { end -> Piece? in
            guard !end.failed else { return nil }
            let offset = end.offset
            // Only `append` writes, under the lock, so the file's own offset is its end; reads use pread.
            let problem = data.withUnsafeBytes { AtomicFile.writeAll(fd, $0) }
            if problem != nil {
                end.failed = true
                return nil
            }
            end.offset += data.count
            return Piece(offset: offset, length: data.count)
        }
    }

    /// The bytes of `piece`.
    package func read(_ piece: Piece) throws -> Data {
        var data = Data(count: piece.length)
        var done = 0
        let problem: Int32? = data.withUnsafeMutableBytes { buffer in
            while done < piece.length {
                let count = pread(fd, buffer.baseAddress! + done, piece.length - done, off_t(piece.offset + done))
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if count == 0 { return EIO }
                done += count
            }
            return nil
        }
        if let problem { throw SpoolError(reason: String(cString: strerror(problem))) }
        return data
    }
}
