import Catalog
import Foundation

/// Names a draft within an artwork's folder: `draft.<audience>.<language>.md`.
package struct DraftName: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var audience: String
    package var language: String

    package init(audience: String, language: String) {
        self.audience = audience
        self.language = language
    }

    package var fileName: String { "draft.\(audience).\(language).md" }
    package var proposedFileName: String { "draft.\(audience).\(language).proposed.md" }
    package var description: String { "\(audience).\(language)" }

    /// Accepts `general.fr`, `draft.general.fr` and `draft.general.fr.md`.
    package init?(parsing text: String) {
        var parts = text.split(separator: ".").map(String.init)
        if parts.last == "md" { parts.removeLast() }
        if parts.first == "draft" { parts.removeFirst() }
        guard parts.count == 2, !parts[0].isEmpty, LanguageCode.isValid(parts[1]) else { return nil }
        self.init(audience: parts[0], language: parts[1])
    }

    /// Reads a file name of a draft (not a proposal).
    package init?(fileName: String) {
        guard fileName.hasPrefix("draft."), fileName.hasSuffix(".md"), !fileName.hasSuffix(".proposed.md") else { return nil }
        self.init(parsing: fileName)
    }

    package static func < (a: DraftName, b: DraftName) -> Bool {
        (a.audience, a.language) < (b.audience, b.language)
    }
}

/// Where everything lives in the output folder.
package struct OutputLayout: Sendable {
    package var root: String

    package init(root: String) {
        self.root = (root as NSString).standardizingPath
    }

    package struct UnsafeID: Error, CustomStringConvertible {
        package var id: String
        package var reason: String
        package var description: String { "artwork id \(reason)" }
    }

    /// The artwork's folder; throws when the id could name anything outside the output folder.
    package func folder(for id: String) throws(UnsafeID) -> String {
        if let reason = ArtworkID.problem(with: id) { throw UnsafeID(id: id, reason: reason) }
        // A safe id has no '/', no '..' and no leading '.': joined to the (standardized) root it
        // names a folder right under it, with no path resolution needed.
        let path = root == "/" ? "/" + id : root + "/" + id
        guard !id.contains("/"), id != ".", id != ".." else {
            throw UnsafeID(id: id, reason: "'\(id)' would leave the output folder")
        }
        return path
    }

    package func draftPath(_ id: String, _ name: DraftName) throws(UnsafeID) -> String {
        (try folder(for: id) as NSString).appendingPathComponent(name.fileName)
    }

    package func proposedPath(_ id: String, _ name: DraftName) throws(UnsafeID) -> String {
        (try folder(for: id) as NSString).appendingPathComponent(name.proposedFileName)
    }

    /// Where `accept` keeps the draft it replaces: `.history/ID/draft.A.L.<time>.md`.
    package func historyPath(_ id: String, _ name: DraftName, at date: Date) throws(UnsafeID) -> String {
        _ = try folder(for: id)
        let stamp = Timestamp.string(date).replacingOccurrences(of: ":", with: "-")
        return (root as NSString).appendingPathComponent(".history/\(id)/\(name.fileName.dropLast(3)).\(stamp).md")
    }

    package func recordPath(_ id: String) throws(UnsafeID) -> String {
        (try folder(for: id) as NSString).appendingPathComponent("record.json")
    }

    package var reportPath: String { (root as NSString).appendingPathComponent("report.json") }
    package var indexPath: String { (root as NSString).appendingPathComponent("index.html") }

    /// Artwork folders present in the output folder, sorted.
    package func artworkIDs() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            let path = (root as NSString).appendingPathComponent(name)
            return !name.hasPrefix(".") && ArtworkID.problem(with: name) == nil
                && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted()
    }

    /// Drafts present in an artwork's folder, sorted.
    package func draftNames(for id: String) -> [DraftName] {
        guard let folder = try? folder(for: id),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.compactMap(DraftName.init(fileName:)).sorted()
    }
}
