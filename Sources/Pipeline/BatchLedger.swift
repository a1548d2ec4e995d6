import Domain
import Foundation
import Prose
import Review

/// `.docent/batches/<batch id>.json`: the provider batches sent and not yet collected. A run
/// that finds one waits for (or, with `--no-wait`, looks at) that batch instead of sending its
/// requests again: a run stopped between submit and collect, by Ctrl-C, `kill -9` or
/// `--no-wait`, pays for nothing twice. A batch's file goes once its answers are in the cache.
package struct BatchLedger: Sendable {
    package struct Entry: Codable, Sendable, Equatable {
        package var id: String
        package var provider: String
        package var model: String
        package var submittedAt: String
        /// The requests in it: their answer-cache keys.
        package var customIDs: [String]

        enum CodingKeys: String, CodingKey {
            case id, provider, model, submittedAt = "submitted_at", customIDs = "custom_ids"
        }
    }

    package var directory: String

    package init(directory: String) {
        self.directory = directory
    }

    /// The batches in flight, oldest first (ties by id).
    package func entries() -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".json") }.compactMap { name in
            FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(name))
                .flatMap { try? JSONDecoder().decode(Entry.self, from: $0) }
        }.sorted { ($0.submittedAt, $0.id) < ($1.submittedAt, $1.id) }
    }

    func path(_ id: String) -> String {
        // Provider ids are letters, digits, '_' and '-'; anything else never reaches a path.
        let safe = String(id.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-" ? Character($0) : "_" })
        return (directory as NSString).appendingPathComponent(safe + ".json")
    }

    package func save(_ entry: Entry) throws {
        try AtomicFile.write(try JSONEncoder.docentPretty.encode(entry) + Data("\n".utf8), to: path(entry.id))
    }

    package func remove(_ id: String) {
        try? FileManager.default.removeItem(atPath: path(id))
        AtomicFile.syncFolder(directory)
    }
}
