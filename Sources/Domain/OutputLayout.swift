import Catalog
import Foundation
import Prose

/// What kind of output a file in an artwork's folder is. Each is reviewed like a draft:
/// approved, rejected with a note, edited, gated by `docent check`.
package enum OutputKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// A Markdown text for an audience (`draft.<audience>.<lang>.md`), its source or a translation.
    case draft
    /// SEO data (`seo.<lang>.json`): title, meta description, keywords, slug, alt text, JSON-LD.
    case seo
    /// Subtitles (`subtitles.<lang>.vtt`, with its `.srt` twin).
    case subtitles

    /// The names `check.require_approval.outputs` uses.
    package var configName: String {
        switch self {
        case .draft: "drafts"
        case .seo: "seo"
        case .subtitles: "subtitles"
        }
    }

    /// What people call outputs of this kind, in messages.
    package var noun: String {
        switch self {
        case .draft: "drafts"
        case .seo: "SEO data"
        case .subtitles: "subtitles"
        }
    }

    /// The file's extension.
    package var fileExtension: String {
        switch self {
        case .draft: "md"
        case .seo: "json"
        case .subtitles: "vtt"
        }
    }

    package static func < (a: OutputKind, b: OutputKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Names an output within an artwork's folder: a draft (`draft.<audience>.<language>.md`,
/// written `general.fr`), or the SEO data or subtitles of a language (`seo.fr`, `subtitles.fr`).
/// For SEO and subtitles, `audience` is the kind's own name: "seo" and "subtitles" are not
/// audience names (the configuration refuses them).
package struct DraftName: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var kind: OutputKind
    package var audience: String
    package var language: String

    package init(audience: String, language: String) {
        self.kind = .draft
        self.audience = audience
        self.language = language
    }

    /// The SEO data or the subtitles of a language.
    package init(_ kind: OutputKind, language: String) {
        self.kind = kind
        self.audience = kind == .draft ? "" : kind.rawValue
        self.language = language
    }

    package var fileName: String {
        switch kind {
        case .draft: "draft.\(audience).\(language).md"
        case .seo, .subtitles: "\(kind.rawValue).\(language).\(kind.fileExtension)"
        }
    }
    package var proposedFileName: String {
        switch kind {
        case .draft: "draft.\(audience).\(language).proposed.md"
        case .seo, .subtitles: "\(kind.rawValue).\(language).proposed.\(kind.fileExtension)"
        }
    }
    package var description: String { "\(audience).\(language)" }

    /// Accepts `general.fr`, `draft.general.fr` and `draft.general.fr.md`; `seo.fr`,
    /// `seo.fr.json`, `subtitles.fr` and `subtitles.fr.vtt`.
    package init?(parsing text: String) {
        var parts = text.split(separator: ".").map(String.init)
        if parts.count == 3, let kind = OutputKind(rawValue: parts[0]), kind != .draft, parts[2] == kind.fileExtension {
            parts.removeLast()
        }
        if parts.count == 2, let kind = OutputKind(rawValue: parts[0]), kind != .draft {
            guard LanguageCode.isValid(parts[1]) else { return nil }
            self.init(kind, language: parts[1])
            return
        }
        if parts.last == "md" { parts.removeLast() }
        if parts.first == OutputKind.draft.rawValue { parts.removeFirst() }
        guard parts.count == 2, !parts[0].isEmpty, LanguageCode.isValid(parts[1]) else { return nil }
        self.init(audience: parts[0], language: parts[1])
    }

    /// Reads a file name of an output (not a proposal).
    package init?(fileName: String) {
        if fileName.hasPrefix("draft.") {
            guard fileName.hasSuffix(".md"), !fileName.hasSuffix(".proposed.md") else { return nil }
            self.init(parsing: fileName)
            return
        }
        let parts = fileName.split(separator: ".")
        guard parts.count == 3, let kind = OutputKind(rawValue: String(parts[0])), kind != .draft,
              parts[2] == kind.fileExtension else { return nil }
        self.init(parsing: fileName)
    }

    package static func < (a: DraftName, b: DraftName) -> Bool {
        (a.kind, a.audience, a.language) < (b.kind, b.audience, b.language)
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
        let ext = name.kind.fileExtension
        return (root as NSString).appendingPathComponent(".history/\(id)/\(name.fileName.dropLast(ext.count + 1)).\(stamp).\(ext)")
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

    /// Outputs present in an artwork's folder (drafts, then SEO data and subtitles), sorted.
    package func draftNames(for id: String) -> [DraftName] {
        guard let folder = try? folder(for: id),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.compactMap(DraftName.init(fileName:)).sorted()
    }
}
