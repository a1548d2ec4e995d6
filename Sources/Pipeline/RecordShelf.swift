import Catalog
import Domain
import Foundation
import Logging
import Synchronization

/// The records a run goes through, each read when the run needs it: once to plan the run's
/// order, once when its artwork starts. The command line moves the catalog's records here
/// (`init(moving:to:)`), onto a `Spool` in the output folder, so that a run holds the
/// records of the artworks under way rather than the collection's.
///
/// Why on disk: loading records leaves their many small strings scattered among the pages
/// the parse used and threw away, and those pages stay resident for as long as the records
/// live, even after `malloc_trim`. At the start of a batch run's rounds over 10,000 records
/// (`docent run --batch`), the process held 27.4 MB of anonymous memory, for about 10 MB of
/// records (6 MB in malloc's arenas and a 4.5 MB array); with the records on the shelf,
/// 9.6 MB. Over 1,000 records: 8.0 and 7.0 MB (`RssAnon` in `/proc/self/status` after
/// `malloc_trim(0)`, a temporary build). A record is a few hundred bytes of JSON: reading
/// one back is a `pread` and a decode, twice an artwork, against its dozens of jobs.
package final class RecordShelf: Sendable {
    private struct Shelved: Sendable {
        var id: String
        var piece: Spool.Piece
    }

    private enum Storage: Sendable {
        case memory([Artwork])
        case spool(Spool, [Shelved])
    }

    private static let logger = Logger(label: "docent.run")
    private let storage: Storage
    private let problems = Mutex<[String]>([])

    /// The records, kept in memory as they are (tests, `docent plan`, `docent check`).
    package init(_ artworks: [Artwork]) {
        storage = .memory(artworks)
    }

    /// Moves `artworks` onto a spool in `folder` (the output folder) and leaves the array
    /// empty, so that the caller's copy is let go. When the spool cannot be made or written
    /// (a full disk), the records stay in memory: the run is the same, only larger.
    package init(moving artworks: inout [Artwork], to folder: String) {
        defer { artworks = [] }
        storage = Self.shelve(artworks, in: folder) ?? .memory(artworks)
    }

    private static func shelve(_ artworks: [Artwork], in folder: String) -> Storage? {
        let spool: Spool
        do {
            spool = try Spool(in: folder)
        } catch {
            logger.debug("records kept in memory: \(error)")
            return nil
        }
        let encoder = JSONEncoder()
        var shelved: [Shelved] = []
        shelved.reserveCapacity(artworks.count)
        for artwork in artworks {
            guard let data = try? encoder.encode(artwork), let piece = spool.append(data) else {
                logger.debug("records kept in memory: the run's spool file could not take them")
                return nil
            }
            shelved.append(Shelved(id: artwork.id, piece: piece))
        }
        return .spool(spool, shelved)
    }

    package var count: Int {
        switch storage {
        case .memory(let artworks): artworks.count
        case .spool(_, let shelved): shelved.count
        }
    }

    /// The record at `index` (the catalog's order), or nil when it could not be read back:
    /// the reason is kept for the run's report (`readProblems`).
    package func artwork(_ index: Int) -> Artwork? {
        switch storage {
        case .memory(let artworks):
            return artworks[index]
        case .spool(let spool, let shelved):
            do {
                return try JSONDecoder().decode(Artwork.self, from: spool.read(shelved[index].piece))
            } catch {
                problems.withLock {
                    $0.append("the record of \(shelved[index].id) could not be read back from the run's spool file (\(error)): its texts were not written; run again")
                }
                return nil
            }
        }
    }

    /// Records that could not be read back, each said once, in the order they were met.
    package var readProblems: [String] { problems.withLock { $0 } }
}
