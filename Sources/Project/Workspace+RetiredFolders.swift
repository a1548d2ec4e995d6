import Domain
import Catalog
import Foundation

extension Workspace {
    /// Artwork folders in the output folder that no record names any more (the record was
    /// removed, or its id changed: a source now read with a preset), in name order. Their
    /// drafts are kept and shown for review, marked, but no run updates them again; nothing is
    /// deleted for the user.
    static func retiredFolders(_ catalog: Catalog, output: String) -> [String] {
        // Ids of records that failed to load are unknown: a folder may be theirs. Say nothing
        // then, rather than call the folder of a record with a typo retired.
        guard catalog.errors.isEmpty else { return [] }
        let ids = Set(catalog.artworks.map { $0.id.lowercased() })
        return OutputLayout(root: output).artworkIDs().filter { !ids.contains($0.lowercased()) }
    }
}
