import Domain
import Foundation

/// Where a draft stands for its editors.
package struct DraftStatus: Sendable, Codable, Hashable {
    package enum State: String, Sendable, Codable, Hashable {
        /// Approved by a person.
        case approved
        /// Generated, waiting for review.
        case pending
        /// A person changed the body; not approved yet.
        case edited
        /// The file's front matter cannot be read.
        case unreadable
    }

    package var artwork: String
    package var draft: String
    package var file: String
    package var state: State
    /// A newer proposal sits beside the draft (its inputs changed after approval or editing),
    /// or the text it was made from changed since (`staleReason` says which).
    package var stale: Bool
    /// Why it is stale, in words; nil when it is not.
    package var staleReason: String?
    package var errors: Int
    package var warnings: Int
    package var approvedBy: String?
    package var approvedAt: String?
    package var reviewNote: String?
    /// The rules of its checks, sorted, each once (the review page's check filter; not in
    /// `status --json`, which has the counts).
    package var rules: [String] = []

    package var flagged: Bool { errors > 0 }

    enum CodingKeys: String, CodingKey {
        case artwork, draft, file, state, stale, errors, warnings
        case staleReason = "stale_reason"
        case approvedBy = "approved_by", approvedAt = "approved_at", reviewNote = "review_note"
    }

    /// Reads the state of every draft in the output folder.
    package static func scan(_ layout: OutputLayout) -> [DraftStatus] {
        layout.artworkIDs().flatMap { scanDocuments(layout, artwork: $0).map(\.status) }
    }

    /// A draft as the review page reads it: once, for its state, its text and (in `docent
    /// review`) the version the actions expect.
    struct Scanned {
        var status: DraftStatus
        /// Nil when the front matter cannot be read.
        var document: DraftDocument?
        /// The SHA-256 of the bytes read, when asked for.
        var version: String?
    }

    /// One artwork's drafts with the documents they were read from.
    static func scanDocuments(_ layout: OutputLayout, artwork id: String, versions: Bool = false) -> [Scanned] {
        var rows: [Scanned] = []
        for name in layout.draftNames(for: id) {
            guard let path = try? layout.draftPath(id, name), let proposed = try? layout.proposedPath(id, name) else { continue }
            let relative = "\(id)/\(name.fileName)"
            let stale = FileManager.default.fileExists(atPath: proposed)
            let data = FileManager.default.contents(atPath: path)
            let version = versions ? data.map(ContentHash.of) : nil
            guard let text = data.flatMap({ String(data: $0, encoding: .utf8) }), let document = try? DraftDocument.parse(text, path: path) else {
                rows.append(Scanned(status: DraftStatus(artwork: id, draft: name.description, file: relative, state: .unreadable,
                                                        stale: stale, errors: 0, warnings: 0), version: version))
                continue
            }
            let front = document.frontMatter
            let state: State = front.approved ? .approved : (document.isEdited ? .edited : .pending)
            rows.append(Scanned(status: DraftStatus(
                artwork: id, draft: name.description, file: relative, state: state, stale: stale,
                errors: front.checks.filter { $0.severity == .error }.count,
                warnings: front.checks.filter { $0.severity == .warning }.count,
                approvedBy: front.approvedBy, approvedAt: front.approvedAt, reviewNote: front.reviewNote,
                rules: Set(front.checks.map(\.rule)).sorted()), document: document, version: version))
            if stale { rows[rows.count - 1].status.staleReason = "a proposal is beside it (docent diff, docent accept)" }
        }
        markSourceChanges(&rows)
        return rows
    }

    /// Outputs made from another text of the folder (a translation from its source draft, SEO
    /// data from its page, subtitles from the audio script) whose recorded `source` is no
    /// longer that text: stale, with no run needed to see it.
    static func markSourceChanges(_ rows: inout [Scanned]) {
        var bodies: [String: String] = [:]
        var sourceDrafts: [String: String] = [:]
        for row in rows {
            guard let document = row.document, let name = DraftName(parsing: row.status.draft), name.kind == .draft else { continue }
            let hash = ContentHash.ofBody(document.body)
            bodies[name.description] = hash
            if Stage(rawValue: document.frontMatter.stage) == .draft { sourceDrafts[name.audience] = name.description }
        }
        for index in rows.indices {
            guard let document = rows[index].document, let recorded = document.frontMatter.source,
                  let name = DraftName(parsing: rows[index].status.draft) else { continue }
            let sourceName: String? = switch name.kind {
            case .draft: sourceDrafts[name.audience]
            case .seo, .subtitles: document.frontMatter.sourceDraft
            }
            guard let sourceName, let current = bodies[sourceName], current != recorded else { continue }
            rows[index].status.stale = true
            if rows[index].status.staleReason == nil {
                rows[index].status.staleReason = "its source text (\(sourceName)) changed since it was made: run docent run for a new version"
            }
        }
    }
}
