import Domain
import Foundation
import Synchronization

/// Review page sections rendered before the page is written (a run renders each artwork's
/// as soon as its files are written), kept on disk in a `Spool` until the page is written,
/// with only what the counts at the top need in memory: the page of a large collection is
/// never held whole.
package final class SectionSpool: Sendable {
    private let folder: String
    private let state = Mutex(State())

    private struct State {
        var spool: Spool?
        var entries: [String: Entry] = [:]
        /// The languages, audiences and rules of every section added: the page lists them
        /// once, so an artwork keeps only its counts.
        var names = ReviewPage.Tally()
    }

    private struct Entry: Sendable {
        var piece: Spool.Piece
        var counts: ReviewPage.Tally
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
        state.withLock { state in
            state.entries[id] = Entry(piece: piece, counts: section.tally.counts)
            state.names.add(section.tally.names)
        }
        return true
    }

    /// The languages, audiences and rules of every section here.
    package var names: ReviewPage.Tally { state.withLock { $0.names } }

    /// The artworks that have a section here.
    package var ids: [String] { state.withLock { Array($0.entries.keys) } }

    /// The counts of artwork `id`'s section, if it has one here.
    /// (The languages, audiences and rules are in `names`, for all the sections at once.)
    package func tally(_ id: String) -> ReviewPage.Tally? {
        state.withLock { $0.entries[id]?.counts }
    }

    /// The HTML of artwork `id`'s section, if it has one here.
    package func html(_ id: String) throws -> Data? {
        let (spool, entry) = state.withLock { ($0.spool, $0.entries[id]) }
        guard let spool, let entry else { return nil }
        return try spool.read(entry.piece)
    }
}
