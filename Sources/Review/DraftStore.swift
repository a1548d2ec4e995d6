import Domain
import Foundation

/// What a run does with a freshly generated draft, given what is on disk. The four rules that
/// protect editors' work live here, and only here.
package enum DraftWriteDecision: Sendable, Hashable {
    /// No draft yet: write it.
    case create
    /// The draft is untouched by people and its inputs changed: replace it.
    case overwrite
    /// Same inputs as the draft on disk: nothing to do.
    case upToDate
    /// The draft is approved or edited (or unreadable) and its inputs changed: the new text
    /// goes beside it as `.proposed.md`.
    case propose(because: ProtectedReason)
    /// As `propose`, but the proposal on disk already has these inputs.
    case proposalUpToDate(because: ProtectedReason)

    package enum ProtectedReason: String, Sendable, Hashable {
        case approved, edited, unreadable
    }

    /// Whether the job has to produce text at all.
    package var needsText: Bool {
        switch self {
        case .create, .overwrite, .propose: true
        case .upToDate, .proposalUpToDate: false
        }
    }
}

/// Reads and writes drafts under the editor-protection rules.
package struct DraftStore: Sendable {
    package var layout: OutputLayout

    package init(layout: OutputLayout) {
        self.layout = layout
    }

    /// The state of one draft on disk.
    package enum Existing: Sendable {
        case none
        case readable(DraftDocument)
        case unreadable(String)
    }

    package func existing(at path: String) -> Existing {
        guard FileManager.default.fileExists(atPath: path) else { return .none }
        do {
            return .readable(try DraftDocument.read(at: path))
        } catch {
            return .unreadable("\(error)")
        }
    }

    /// Decides what to do with a draft whose inputs hash is `inputs`.
    /// What to do, with the draft already read; the proposal is read only when it matters.
    package func decide(existing draft: Existing, proposedPath: String, inputs: String) -> DraftWriteDecision {
        Self.decide(existing: draft, proposal: self.existing(at: proposedPath), inputs: inputs)
    }

    package static func decide(existing: Existing, proposal: @autoclosure () -> Existing, inputs: String) -> DraftWriteDecision {
        let reason: DraftWriteDecision.ProtectedReason
        switch existing {
        case .none:
            return .create
        case .unreadable:
            reason = .unreadable
        case .readable(let document):
            let protected: DraftWriteDecision.ProtectedReason? =
                document.frontMatter.approved ? .approved : (document.isEdited ? .edited : nil)
            if document.frontMatter.inputs == inputs { return .upToDate }
            guard let protected else { return .overwrite }
            reason = protected
        }
        if case .readable(let proposed) = proposal(), proposed.frontMatter.inputs == inputs {
            return .proposalUpToDate(because: reason)
        }
        return .propose(because: reason)
    }

    /// Writes a freshly generated draft under the editor-protection rules, deciding again at
    /// the moment of writing: under the artwork's folder lock (which `approve`, `reject` and
    /// `accept` take too), from the draft and proposal on disk now, not from what the job saw
    /// when it started. An approval or an edit made meanwhile wins; the new text goes beside it.
    /// Returns the path written (nil when nothing was) and the decision carried out;
    /// `resolved` when a proposal was due but its text is word for word the draft's (see
    /// `resolve`).
    @discardableResult
    package func write(_ document: DraftDocument, draftPath: String, proposedPath: String,
                      syncFolder: Bool = true) throws -> (path: String?, decision: DraftWriteDecision, resolved: Bool) {
        try FolderLock.withLock(forFile: draftPath) {
            let current = existing(at: draftPath)
            let decision = Self.decide(existing: current, proposal: existing(at: proposedPath),
                                       inputs: document.frontMatter.inputs)
            if case .propose = decision, case .readable(let draft) = current,
               ContentHash.normalizedBody(draft.body) == ContentHash.normalizedBody(document.body) {
                try resolve(draftPath: draftPath, proposedPath: proposedPath, with: document, syncFolder: syncFolder)
                return (draftPath, decision, true)
            }
            return (try carryOut(decision, document, draftPath: draftPath, proposedPath: proposedPath, syncFolder: syncFolder), decision, false)
        }
    }

    /// A proposal identical to its draft resolves itself: the draft (approved or edited) now
    /// stands for the new inputs — its `inputs` and `source` set to the new ones, every other
    /// byte (approval, text, the editor's front matter) kept — and an older proposal that no
    /// person worked on is removed. Nothing is left stale, nothing waits for an editor.
    private func resolve(draftPath: String, proposedPath: String, with document: DraftDocument, syncFolder: Bool) throws {
        let text = try String(contentsOfFile: draftPath, encoding: .utf8)
        var values = [(key: "inputs", yaml: YAMLText.quoted(document.frontMatter.inputs))]
        if let source = document.frontMatter.source { values.append((key: "source", yaml: YAMLText.quoted(source))) }
        try AtomicFile.write(try FrontMatterEdit.setting(values, in: text), to: draftPath, syncFolder: syncFolder)
        if case .readable(let proposed) = existing(at: proposedPath), !proposed.isEdited, !proposed.frontMatter.approved {
            try? FileManager.default.removeItem(atPath: proposedPath)
        }
    }

    private func carryOut(_ decision: DraftWriteDecision, _ document: DraftDocument, draftPath: String, proposedPath: String,
                          syncFolder: Bool) throws -> String? {
        switch decision {
        case .create, .overwrite:
            try AtomicFile.write(document.rendered(), to: draftPath, syncFolder: syncFolder)
            // A proposal that an overwritten draft leaves behind is obsolete.
            if FileManager.default.fileExists(atPath: proposedPath),
               case .readable(let proposed) = existing(at: proposedPath), !proposed.isEdited {
                try? FileManager.default.removeItem(atPath: proposedPath)
            }
            return draftPath
        case .propose:
            if case .readable(let proposed) = existing(at: proposedPath), proposed.isEdited || proposed.frontMatter.approved {
                // Someone worked on the proposal itself: keep it, too.
                return nil
            }
            try AtomicFile.write(document.rendered(), to: proposedPath, syncFolder: syncFolder)
            return proposedPath
        case .upToDate, .proposalUpToDate:
            return nil
        }
    }
}
