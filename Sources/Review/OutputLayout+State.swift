import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension OutputLayout {
    /// A fingerprint of what the review page shows: every file in the artwork folders (by name,
    /// size, inode and modification time) and the last run's report. A run, an editor's save,
    /// a text editor's write (in place or by a rename) all change it; output/index.html and
    /// `.history/` do not. `docent review`'s page asks for it to tell the editor that the
    /// folder changed since the page was loaded. Names are walked in sorted order; the times
    /// are the files' own, so two calls agree when nothing was written between them.
    ///
    /// Over 10,000 drafts it takes about 0.2 s (`docent-bench --review-only`), nearly all of it
    /// the kernel's stat calls: listing the folders with opendir / fstatat instead of
    /// FileManager measured no faster (207 vs 183 ms), so the simple listing stays.
    package func state() -> String {
        var lines: [String] = []
        func add(_ path: String, _ name: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return }
            lines.append("\(name) \(info.st_size) \(info.st_ino) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)")
        }
        add(reportPath, "report.json")
        for id in artworkIDs() {
            guard let folder = try? folder(for: id),
                  let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            lines.append(id + "/")
            for name in names.sorted() { add(folder + "/" + name, name) }
        }
        return String(ContentHash.of(lines.joined(separator: "\n")).dropFirst("sha256:".count).prefix(32))
    }
}
