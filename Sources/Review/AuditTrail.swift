import Domain
import Foundation
import Prose

/// What an editor can do to an output.
package enum ReviewAction: String, Sendable, Codable, CaseIterable {
    case approve, reject, edit, accept, keep, undo
    /// A comment on a draft's thread (its file is the thread's): in the trail, never undone.
    case comment
}

/// `output/audit.jsonl`: every review action, from the CLI or `docent review`, one JSON line
/// each, appended: when, who, what, which file, and the file's version (SHA-256 of its bytes)
/// before and after. Each version's bytes are kept once under `output/.history/versions/`
/// (named by their hash), so that an action can be undone (`docent undo`, `u` in the page)
/// and any version looked at again.
package struct AuditTrail: Sendable {
    /// The output folder.
    package var root: String

    package init(root: String) {
        self.root = root
    }

    /// The trail of the output folder a file of it (`output/ID/draft….md`) is in.
    package init(forFile path: String) {
        root = ((path as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
    }

    package struct Entry: Codable, Sendable, Equatable {
        package var at: String
        package var by: String?
        package var action: ReviewAction
        /// The file, relative to the output folder.
        package var file: String
        package var before: String
        package var after: String
        /// `accept`: the proposal beside the file became it (an undo puts it back).
        package var proposal: Bool?
        /// `undo`: the line (from 1) of the entry it undid.
        package var undoes: Int?
    }

    package var path: String { (root as NSString).appendingPathComponent("audit.jsonl") }

    func versionPath(_ version: String) -> String {
        (root as NSString).appendingPathComponent(".history/versions/" + version.replacingOccurrences(of: "sha256:", with: ""))
    }

    /// Keeps `data` under its hash (once: a version already kept is not written again).
    @discardableResult
    func keep(_ data: Data?) throws -> String {
        guard let data else { return "missing" }
        let version = ContentHash.of(data)
        let path = versionPath(version)
        if !FileManager.default.fileExists(atPath: path) {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            // Named by its hash: a copy cut short by a crash does not match it, and is never used.
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        }
        return version
    }

    /// The bytes of a kept version, when they are still what the hash says.
    package func version(_ version: String) -> Data? {
        // Only a hash names a file here (the trail is a file anyone can edit: never a path).
        let hex = version.dropFirst("sha256:".count)
        guard version.hasPrefix("sha256:"), hex.count == 64, hex.allSatisfy(\.isHexDigit),
              let data = FileManager.default.contents(atPath: versionPath(version)), ContentHash.of(data) == version else { return nil }
        return data
    }

    /// Appends one line (a single write in append mode: two processes' lines never mix).
    func append(_ entry: Entry) throws {
        try AtomicFile.appendLine(try JSONEncoder.docentCompact.encode(entry), to: path)
    }

    /// The entries, oldest first (a line that does not read is skipped: the trail is the
    /// record, not the state). `artwork`: only that artwork's, the other lines not decoded
    /// (an action's answer in `docent review` shows one card's history, after thousands of
    /// approvals in the trail).
    package func entries(of artwork: String? = nil) -> [Entry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        // Lines are written with sorted keys and unescaped slashes: `"file":"ID/` is in an
        // artwork's lines as written; the decoded entry decides.
        let marker = artwork.map { Data("\"file\":\"\($0)/".utf8) }
        return data.split(separator: 0x0A).compactMap { line in
            if let marker, line.range(of: marker) == nil { return nil }
            guard let entry = try? decoder.decode(Entry.self, from: line) else { return nil }
            return artwork.map { entry.file.hasPrefix($0 + "/") } ?? true ? entry : nil
        }
    }

    /// The entries by file, oldest first: a card's history.
    package func history(of artwork: String? = nil) -> [String: [Entry]] {
        Dictionary(grouping: entries(of: artwork), by: \.file)
    }

    /// Records a change of `file`, whose bytes were `before` and are now `after`.
    func record(_ action: ReviewAction, file path: String, by person: String?, at time: String, before: Data?, after: Data?,
                proposal: Bool = false, undoes: Int? = nil) throws {
        let relative = path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
        try append(Entry(at: time, by: person, action: action, file: relative, before: try keep(before), after: try keep(after),
                         proposal: proposal ? true : nil, undoes: undoes))
    }
}
