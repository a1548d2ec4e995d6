import Domain
import Catalog
import Foundation

/// `docent review`'s page: one page of the queue. Every draft's front matter is read for the
/// counts at the top (always the whole folder's) and for the filters; only the artworks of
/// the page asked for are rendered, so that the first page of a large folder comes at once.
extension ReviewPage {
    func appPage(_ ids: [String], app: App, templates: ReviewTemplates) throws -> Data {
        let query = app.query
        let failed = Set(failures.map(\.artwork))
        var tally = Tally()
        var shown: [(id: String, rank: Int)] = []
        for id in ids {
            let scanned = DraftStatus.scanDocuments(layout, artwork: id)
            for row in scanned { tally.add(row.status) }
            // The record only when a search or "mine" needs it, read once per artwork.
            var record: RecordFacts?
            let facts = { () -> RecordFacts in
                if record == nil { record = RecordFacts(id, in: layout) }
                return record!
            }
            let matches = scanned.contains { row in
                query.shows(row.status, assigned: { app.person.isAssigned($0, source: facts().language) }) {
                    id + "\n" + (facts().title ?? "") + "\n" + (row.document?.body ?? "")
                }
            }
            // With no draft filter every artwork is listed, also one whose only news is a failure.
            if matches || (!query.filtersDrafts && (scanned.isEmpty ? failed.contains(id) : true)) {
                shown.append((id, ReviewQuery.rank(scanned.map(\.status))))
            }
        }
        if query.queue {
            // Stable: by id within a rank, as `ids` is sorted.
            shown = shown.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map(\.element)
        }
        let size = ReviewQuery.pageSize
        let pages = max(1, (shown.count + size - 1) / size)
        let page = min(query.page, pages)
        let onPage = shown.dropFirst((page - 1) * size).prefix(size).map(\.id)
        var current = self
        current.app?.query.page = page
        var sections: [String: Section] = [:]
        for id in onPage { sections[id] = try current.section(id) }
        let first = (page - 1) * size + 1
        let label = shown.isEmpty ? "no artwork matches" :
            "artworks \(first)–\(first + onPage.count - 1) of \(shown.count)\(shown.count == ids.count ? "" : " matching") · page \(page) of \(pages)"
        let paging = PageView.Paging(label: label, previous: page > 1 ? "/?" + query.queryString(page: page - 1) : nil,
                                     next: page < pages ? "/?" + query.queryString(page: page + 1) : nil)
        return current.assemble(current.frame(tally, templates: templates, paging: paging), ids: onPage, sections: &sections,
                                size: sections.values.reduce(0) { $0 + $1.html.utf8.count })
    }

}

/// What the queue's filters read of an artwork's record.json: its title (the search looks in
/// it) and its language (a translator's "mine" is the other languages).
package struct RecordFacts {
    package var title: String?
    package var language: String?

    package init(_ id: String, in layout: OutputLayout) {
        let record = (try? layout.recordPath(id)).flatMap { FileManager.default.contents(atPath: $0) }
            .flatMap { try? JSONDecoder().decode(Artwork.self, from: $0) }
        title = record?.title
        language = record?.language
    }
}

extension ReviewPage {
    /// Every output the query shows, across the whole folder (not one page): what a bulk
    /// action in `docent review` acts on, by the same filters as the page.
    /// Only what `person` may change is returned (a translator's bulk approval is of her
    /// languages' translations).
    package static func shown(in layout: OutputLayout, query: ReviewQuery, for person: Person) -> [DraftStatus] {
        var shown: [DraftStatus] = []
        for id in layout.artworkIDs().sorted() {
            var record: RecordFacts?
            let facts = { () -> RecordFacts in
                if record == nil { record = RecordFacts(id, in: layout) }
                return record!
            }
            for row in DraftStatus.scanDocuments(layout, artwork: id) {
                guard let name = DraftName(parsing: row.status.draft), person.mayChange(name, source: facts().language) else { continue }
                let matches = query.shows(row.status, assigned: { person.isAssigned($0, source: facts().language) }) {
                    id + "\n" + (facts().title ?? "") + "\n" + (row.document?.body ?? "")
                }
                if matches { shown.append(row.status) }
            }
        }
        return shown
    }
}
