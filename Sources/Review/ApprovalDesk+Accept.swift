import Domain
import Foundation

extension ApprovalDesk {
    /// What `accept` did.
    package enum Acceptance: Sendable, Equatable {
        /// The proposal replaced the draft; the old draft is at `history`.
        case accepted(history: String)
        /// There was no proposal (or no draft) to accept.
        case nothingToAccept
    }

    /// Promotes the proposal beside a draft over it, the old draft first kept under
    /// `output/.history/ID/`. Under the artwork's folder lock: a run cannot write the draft or
    /// the proposal meanwhile.
    package func accept(_ artwork: String, _ name: DraftName, in layout: OutputLayout, expecting version: String? = nil) throws -> Acceptance {
        let path = try layout.draftPath(artwork, name)
        let proposedPath = try layout.proposedPath(artwork, name)
        let history = try layout.historyPath(artwork, name, at: clock())
        return try FolderLock.withLock(forFile: path) { () throws -> Acceptance in
            try Self.check(path, expecting: version)
            guard let proposal = FileManager.default.contents(atPath: proposedPath),
                  let current = FileManager.default.contents(atPath: path) else { return .nothingToAccept }
            // The old text is safe on disk before anything is replaced.
            try AtomicFile.write(current, to: history)
            try AtomicFile.write(proposal, to: path)
            try FileManager.default.removeItem(atPath: proposedPath)
            // Subtitles' SubRip twin follows its WebVTT file.
            if name.kind == .subtitles {
                let (twin, proposedTwin) = (Self.srtTwin(path), Self.srtTwin(proposedPath))
                if let newTwin = FileManager.default.contents(atPath: proposedTwin) {
                    if let old = FileManager.default.contents(atPath: twin) { try AtomicFile.write(old, to: Self.srtTwin(history)) }
                    try AtomicFile.write(newTwin, to: twin)
                    try FileManager.default.removeItem(atPath: proposedTwin)
                }
            }
            try record(.accept, path, before: current, proposal: true)
            return .accepted(history: history)
        }
    }

    /// The `.srt` file beside a `.vtt` one.
    static func srtTwin(_ vttPath: String) -> String {
        String(vttPath.dropLast(3)) + "srt"
    }
}
