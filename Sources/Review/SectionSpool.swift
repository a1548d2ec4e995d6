import Domain
import Foundation
import Synchronization

/// Review page sections rendered before the page is written (a run renders each artwork's
/// as soon as its files are written), kept on disk in a `Spool` until the page is written,
/// with only what the counts at the top need in memory: the page of a large collection is
/// never held whole.
package final class SectionSpool: Sendable {
    private let folder: String
    private let state = Mutex<(spool: Spool?, entries: [String: Entry])>((nil, [:]))

    private struct Entry: Sendable {
        var piece: Spool.Piece
        var tally: ReviewPage.Tally
    }

    /// A spool whose file goes in `folder` (the output folder) when the first section comes.
    package init(in folder: String) {
        self.folder = folder
    }

    /// Keeps `section` for artwork `id` (replacing an earlier one). False when it could not be
    /// written (a full disk): the page renders that artwork again when it is written.
    @discardableResult
    package func add(_ id: String, _ section: ReviewPage.Section) -> Bool {
        let spool: Spool? = state.withLock { state in
            if state.spool == nil { state.spool = try? Spool(in: folder) }
            return state.spool
        }
        guard let spool, let piece = spool.append(Data(section.html.utf8)) else { return false }
        state.withLock { $0.entries[id] = Entry(piece: piece, tally: section.tally) }
        return true
    }

    /// The artworks that have a section here.
    package var ids: [String] { state.withLock { Array($0.entries.keys) } }

    /// The counts of artwork `id`'s section, if it has one here.
    package func tally(_ id: String) -> ReviewPage.Tally? {
        state.withLock { $0.entries[id]?.tally }
    }

    /// The HTML of artwork `id`'s section, if it has one here.
    package func html(_ id: String) throws -> Data? {
        let (spool, entry) = state.withLock { ($0.spool, $0.entries[id]) }
        guard let spool, let entry else { return nil }
        return try spool.read(entry.piece)
    }
}
