import Catalog
import Foundation

/// `docent review`'s page: one page of the queue. Every draft's front matter is read for the
/// counts at the top (always the whole folder's) and for the filters; only the artworks of
/// the page asked for are rendered, so that the first page of a large folder comes at once.
extension ReviewPage {
    func appPage(_ ids: [String], app: App, templates: ReviewTemplates) throws -> Data {
        let query = app.query
        let failed = Set(failures.map(\.artwork))
        var statuses: [DraftStatus] = []
        var shown: [(id: String, rank: Int)] = []
        for id in ids {
            let scanned = DraftStatus.scanDocuments(layout, artwork: id)
            statuses += scanned.map(\.status)
            // The record's title only when a search needs it, read once per artwork.
            var title: String?
            let words = { (document: DraftDocument?) -> String in
                if title == nil { title = recordTitle(id) }
                return id + "\n" + (title ?? "") + "\n" + (document?.body ?? "")
            }
            let matches = scanned.contains { row in query.shows(row.status) { words(row.document) } }
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
        return current.assemble(current.frame(statuses, templates: templates, paging: paging), ids: onPage, sections: &sections,
                                size: sections.values.reduce(0) { $0 + $1.html.utf8.count })
    }

    /// The title in an artwork's record.json, if it can be read.
    func recordTitle(_ id: String) -> String? {
        Self.recordTitle(id, in: layout)
    }

    static func recordTitle(_ id: String, in layout: OutputLayout) -> String? {
        (try? layout.recordPath(id)).flatMap { FileManager.default.contents(atPath: $0) }
            .flatMap { try? JSONDecoder().decode(Artwork.self, from: $0) }?.title
    }
}

extension ReviewPage {
    /// Every output the query shows, across the whole folder (not one page): what a bulk
    /// action in `docent review` acts on, by the same filters as the page.
    package static func shown(in layout: OutputLayout, query: ReviewQuery) -> [DraftStatus] {
        var shown: [DraftStatus] = []
        for id in layout.artworkIDs().sorted() {
            var title: String?
            for row in DraftStatus.scanDocuments(layout, artwork: id) {
                let matches = query.shows(row.status) {
                    if title == nil { title = recordTitle(id, in: layout) ?? "" }
                    return id + "\n" + (title ?? "") + "\n" + (row.document?.body ?? "")
                }
                if matches { shown.append(row.status) }
            }
        }
        return shown
    }
}
