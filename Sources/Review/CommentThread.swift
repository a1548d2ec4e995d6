import Domain
import Foundation
import Prose

/// One message on a draft's thread: who wrote it, when, and what; a rejection's note is one
/// of them (and still goes into the draft's `review_note`, which the next run's prompt reads).
package struct Comment: Sendable, Hashable, Codable {
    package var at: String
    package var by: String
    package var text: String
    /// Written by a rejection.
    package var rejection: Bool?

    package init(at: String, by: String, text: String, rejection: Bool = false) {
        self.at = at
        self.by = by
        self.text = text
        self.rejection = rejection ? true : nil
    }

    /// The longest comment kept: a paragraph or two, not a file.
    package static let maxCharacters = 4_000
}

/// A draft's comment thread, beside it in the artwork's folder (`comments.general.fr.jsonl`
/// next to `draft.general.fr.md`): one JSON line a comment, appended, oldest first. Runs
/// never touch it; it stays when the draft is regenerated, accepted or approved.
package struct CommentThread: Sendable {
    package var path: String

    /// Nil when the id could name anything outside the output folder.
    package init?(layout: OutputLayout, artwork: String, draft: DraftName) {
        guard let folder = try? layout.folder(for: artwork) else { return nil }
        path = (folder as NSString).appendingPathComponent("comments.\(draft.description).jsonl")
    }

    /// The comments, oldest first. A line that does not read (the file is anyone's to edit)
    /// is shown as such, not left out.
    package func comments() -> [Comment] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: 0x0A).enumerated().map { index, line in
            (try? decoder.decode(Comment.self, from: line))
                ?? Comment(at: "", by: "", text: "(line \(index + 1) of \((path as NSString).lastPathComponent) cannot be read)")
        }
    }

    /// Appends a comment (its text trimmed; refused when empty or too long).
    package func add(_ comment: Comment) throws {
        var comment = comment
        comment.text = comment.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !comment.text.isEmpty else { throw Refused(reason: "an empty comment is not kept") }
        guard comment.text.count <= Comment.maxCharacters else {
            throw Refused(reason: "a comment is at most \(Comment.maxCharacters) characters (this one has \(comment.text.count))")
        }
        let line = try JSONEncoder.docentCompact.encode(comment)
        // Under the artwork's lock, so that the trail's versions before and after are this
        // comment's alone.
        try FolderLock.withLock(forFile: path) {
            let before = FileManager.default.contents(atPath: path)
            try AtomicFile.appendLine(line, to: path)
            try AuditTrail(forFile: path).record(.comment, file: path, by: comment.by, at: comment.at,
                                                 before: before, after: FileManager.default.contents(atPath: path))
        }
    }

    package struct Refused: Error, CustomStringConvertible {
        package var reason: String
        package var description: String { reason }
    }
}
