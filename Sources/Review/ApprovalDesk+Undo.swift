import Domain
import Foundation

extension ApprovalDesk {
    package struct UndoRefused: Error, CustomStringConvertible {
        package var description: String
    }

    /// Undoes the last action in the audit trail not undone yet — `person`'s, when given: the
    /// file goes back to its version before the action (for an accepted proposal, the proposal
    /// goes back beside it), when the file is still as the action left it; otherwise nothing is
    /// written. The undo is itself in the trail. Returns the entry undone.
    package func undo(in layout: OutputLayout, by person: String?) throws -> AuditTrail.Entry {
        let trail = AuditTrail(root: layout.root)
        let entries = trail.entries()
        let undone = Set(entries.compactMap(\.undoes))
        guard let (index, entry) = entries.enumerated().reversed().first(where: { index, entry in
            entry.action != .undo && entry.action != .comment && !undone.contains(index + 1) && (person == nil || entry.by == person)
        }) else {
            throw UndoRefused(description: "nothing to undo\(person.map { " by \($0)" } ?? "") in \(trail.path)")
        }
        let parts = entry.file.split(separator: "/").map(String.init)
        guard parts.count == 2, let name = DraftName(fileName: parts[1]) else {
            throw UndoRefused(description: "\(entry.file) in the audit trail is not an output's file")
        }
        guard name.kind != .subtitles, entry.action != .keep else {
            throw UndoRefused(description: "the \(entry.action.rawValue) of \(entry.file) cannot be undone here"
                              + (entry.action == .keep ? ": the proposal it set aside is in output/.history/\(parts[0])/" : ": subtitles have a SubRip twin to keep in step"))
        }
        let path = try layout.draftPath(parts[0], name)
        try FolderLock.withLock(forFile: path) {
            let now = FileManager.default.contents(atPath: path)
            guard (now.map(ContentHash.of) ?? "missing") == entry.after else {
                throw UndoRefused(description: "\(entry.file) changed since that \(entry.action.rawValue) (a run, another editor, a text editor): nothing was undone")
            }
            guard let before = trail.version(entry.before) else {
                throw UndoRefused(description: "the version of \(entry.file) before that \(entry.action.rawValue) is not in output/.history/versions/: nothing was undone")
            }
            if entry.proposal == true, let now {
                try AtomicFile.write(now, to: try layout.proposedPath(parts[0], name))
            }
            try AtomicFile.write(before, to: path)
            try trail.record(.undo, file: path, by: person ?? actor, at: timestamp, before: now, after: before, undoes: index + 1)
        }
        return entry
    }
}

extension ApprovalDesk {
    /// Approves `paths` in `person`'s name, 16 at a time on the writing threads: each approval
    /// syncs its file to disk, and one after another that wait is what a night's drafts cost
    /// (10,000: 21 s one by one, 14 s so). The problem of each path, in order (nil: approved).
    package func approveAll(_ paths: [String], by person: String) async -> [String?] {
        await forAll(paths) { try $0.approve(path: $1, by: person) }
    }

    /// Rejects `paths` with one note, in `person`'s name, as `approveAll` approves them.
    package func rejectAll(_ paths: [String], by person: String, note: String) async -> [String?] {
        await forAll(paths) { try $0.reject(path: $1, by: person, note: note) }
    }

    func forAll(_ paths: [String], _ change: @escaping @Sendable (ApprovalDesk, String) throws -> Void) async -> [String?] {
        await withTaskGroup(of: (Int, String?).self) { group -> [String?] in
            var outcomes = [String?](repeating: nil, count: paths.count)
            var next = 0
            func add() {
                guard next < paths.count else { return }
                let (index, path) = (next, paths[next])
                next += 1
                group.addTask {
                    do {
                        try await AtomicFile.offload { try change(self, path) }
                        return (index, nil)
                    } catch {
                        return (index, "\(error)")
                    }
                }
            }
            for _ in 0..<16 { add() }
            for await (index, problem) in group {
                outcomes[index] = problem
                add()
            }
            return outcomes
        }
    }
}
