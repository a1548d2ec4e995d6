import Domain
import Foundation
import Prose

extension ApprovalDesk {
    /// The file changed since the editor loaded it (a run, another editor, a text editor):
    /// nothing was written. `current` is the file as it is now.
    package struct Conflict: Error, CustomStringConvertible {
        package var path: String
        package var current: String
        package var description: String { "\(path) changed since it was loaded: nothing was written" }
    }

    /// A file's version: the SHA-256 of its bytes ("missing" when there is none).
    package static func version(of path: String) -> String {
        FileManager.default.contents(atPath: path).map(ContentHash.of) ?? "missing"
    }

    /// Throws `Conflict` when `version` is given and the file is not at it. Called under the
    /// artwork's folder lock, so that nothing changes the file between the check and the write.
    static func check(_ path: String, expecting version: String?) throws {
        guard let version, Self.version(of: path) != version else { return }
        let current = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        throw Conflict(path: path, current: current)
    }

    /// Replaces the draft's text with an editor's, keeping its front matter byte for byte: the
    /// draft is then "edited" (its text is no longer the generated one), and no run rewrites it.
    package func edit(path: String, body: String, expecting version: String? = nil) throws {
        try FolderLock.withLock(forFile: path) {
            try Self.check(path, expecting: version)
            let before = FileManager.default.contents(atPath: path)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            if let format = ArtifactFormat(path: path) {
                let edited = try format.editing(text, readable: body)
                try AtomicFile.write(edited.file, to: path)
                if let twin = edited.srt { try AtomicFile.write(twin, to: Self.srtTwin(path)) }
                try record(.edit, path, before: before)
                return
            }
            _ = try DraftDocument.parse(text)
            let newline = text.contains("\r\n") ? "\r\n" : "\n"
            let lines = text.components(separatedBy: newline)
            guard lines.first == "---", let close = lines.dropFirst().firstIndex(of: "---") else {
                throw SyntaxError(message: "the file has no front matter block")
            }
            let frontMatter = lines[...close].joined(separator: newline)
            let cleaned = UTF8Text.trimmed(body.replacingOccurrences(of: "\r\n", with: "\n"))
                .replacingOccurrences(of: "\n", with: newline)
            try AtomicFile.write(frontMatter + newline + newline + cleaned + newline, to: path)
            try record(.edit, path, before: before)
        }
    }

    /// "Keep mine": the draft's text stays, now for the inputs the proposal was made from (so
    /// that the next run proposes nothing again), and the proposal is set aside under
    /// `output/.history/ID/`.
    package func keep(_ artwork: String, _ name: DraftName, in layout: OutputLayout, expecting version: String? = nil) throws -> Bool {
        let path = try layout.draftPath(artwork, name)
        let proposedPath = try layout.proposedPath(artwork, name)
        let history = try layout.historyPath(artwork, name, at: clock())
        return try FolderLock.withLock(forFile: path) { () throws -> Bool in
            try Self.check(path, expecting: version)
            guard let proposal = FileManager.default.contents(atPath: proposedPath) else { return false }
            let proposed = try DraftDocument.parse(String(decoding: proposal, as: UTF8.self), path: proposedPath).frontMatter
            let ext = name.kind.fileExtension
            try AtomicFile.write(proposal, to: String(history.dropLast(ext.count + 1)) + ".proposed." + ext)
            let before = FileManager.default.contents(atPath: path)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            // The text stands for the inputs, and the source, the proposal was made from.
            let kept: String
            if let format = ArtifactFormat(path: path) {
                kept = try format.setting([("inputs", .text(proposed.inputs))] + (proposed.source.map { [("source", .text($0))] } ?? []), in: text)
            } else {
                kept = try FrontMatterEdit.setting([("inputs", YAMLText.quoted(proposed.inputs))]
                                                   + (proposed.source.map { [("source", YAMLText.quoted($0))] } ?? []), in: text)
            }
            try AtomicFile.write(kept, to: path)
            try FileManager.default.removeItem(atPath: proposedPath)
            if name.kind == .subtitles { try? FileManager.default.removeItem(atPath: Self.srtTwin(proposedPath)) }
            try record(.keep, path, before: before)
            return true
        }
    }
}
