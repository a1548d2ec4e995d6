import Prose
import Domain
import Foundation

/// Changes top-level scalar keys of a draft's front matter in place, leaving every other
/// byte of the file (the body above all) exactly as the editor left it.
package enum FrontMatterEdit {
    /// `values` maps keys to YAML values already written as YAML (`true`, `"name"`, `null`).
    package static func setting(_ values: [(key: String, yaml: String)], in text: String) throws(SyntaxError) -> String {
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        var lines = text.components(separatedBy: newline)
        guard lines.first == "---", let close = lines.dropFirst().firstIndex(of: "---") else {
            throw SyntaxError(message: "the file has no front matter block")
        }
        var end = close
        for (key, yaml) in values {
            let prefix = key + ":"
            if let index = lines[1..<end].firstIndex(where: { $0.hasPrefix(prefix) }) {
                lines[index] = "\(key): \(yaml)"
            } else {
                lines.insert("\(key): \(yaml)", at: end)
                end += 1
            }
        }
        return lines.joined(separator: newline)
    }
}

/// Approval and rejection of drafts, as `docent approve` / `docent reject` do them.
package struct ApprovalDesk: Sendable {
    package var clock: @Sendable () -> Date
    /// Who acts (the audit trail's author of edits, accepts and keeps; approvals and
    /// rejections name theirs).
    package var actor: String?

    package init(clock: @escaping @Sendable () -> Date = { Date() }, actor: String? = nil) {
        self.clock = clock
        self.actor = actor
    }

    /// Records a change of the file at `path` (made under its folder lock) in the audit trail.
    func record(_ action: ReviewAction, _ path: String, by person: String? = nil, before: Data?, proposal: Bool = false) throws {
        try AuditTrail(forFile: path).record(action, file: path, by: person ?? actor, at: timestamp, before: before,
                                             after: FileManager.default.contents(atPath: path), proposal: proposal)
    }

    var timestamp: String {
        Timestamp.string(clock())
    }

    /// Marks the draft at `path` approved by `person`; the body is left untouched. `version`:
    /// the file's version as the editor saw it (`ApprovalDesk.version`); a file changed since is
    /// refused with `Conflict`.
    /// Under the artwork's folder lock: a run writing this draft waits, then finds it approved.
    package func approve(path: String, by person: String, expecting version: String? = nil) throws {
        try FolderLock.withLock(forFile: path) {
            try Self.check(path, expecting: version)
            let before = FileManager.default.contents(atPath: path)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let updated: String
            if let format = ArtifactFormat(path: path) {
                updated = try format.setting([("approved", .flag(true)), ("approved_by", .text(person)), ("approved_at", .text(timestamp))], in: text)
            } else {
                _ = try DraftDocument.parse(text)
                updated = try FrontMatterEdit.setting([
                    ("approved", "true"), ("approved_by", YAMLText.quoted(person)), ("approved_at", YAMLText.quoted(timestamp)),
                ], in: text)
            }
            try AtomicFile.write(updated, to: path)
            try record(.approve, path, by: person, before: before)
        }
    }

    /// Withdraws approval and stores the editor's note; the next run regenerates the draft
    /// with the note as feedback (a human-edited body is kept and the new text proposed).
    package func reject(path: String, by person: String, note: String, expecting version: String? = nil) throws {
        try FolderLock.withLock(forFile: path) {
            try Self.check(path, expecting: version)
            let before = FileManager.default.contents(atPath: path)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let updated: String
            if let format = ArtifactFormat(path: path) {
                updated = try format.setting([
                    ("approved", .flag(false)), ("approved_by", .text(nil)), ("approved_at", .text(nil)), ("review_note", .text(note)),
                    ("rejected_by", .text(person)), ("rejected_at", .text(timestamp)),
                ], in: text)
            } else {
                _ = try DraftDocument.parse(text)
                updated = try FrontMatterEdit.setting([
                    ("approved", "false"), ("approved_by", "null"), ("approved_at", "null"),
                    ("review_note", YAMLText.quoted(note)),
                    ("rejected_by", YAMLText.quoted(person)), ("rejected_at", YAMLText.quoted(timestamp)),
                ], in: text)
            }
            try AtomicFile.write(updated, to: path)
            try record(.reject, path, by: person, before: before)
        }
    }
}
