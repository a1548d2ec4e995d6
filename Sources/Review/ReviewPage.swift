import Domain
import Catalog
import Foundation
import Prose

/// `output/index.html`: one self-contained page (inline CSS and JS, no network, works from
/// `file://`) for editors: counts, filters, and every artwork's drafts with their checks,
/// approval and staleness. Rendered from the Mustache templates in `templates/review/`
/// (`ReviewTemplates`), which escape everything from records and model output.
package struct ReviewPage: Sendable {
    package struct Target: Sendable {
        package var label: String
        package var minWords: Int
        package var maxWords: Int
        /// The character limit of the whole text (an alt text's 125), if any.
        package var maxCharacters: Int?
        /// Written from the image: the page shows the picture beside its drafts.
        package var seesImage: Bool

        package init(label: String, minWords: Int, maxWords: Int, maxCharacters: Int? = nil, seesImage: Bool = false) {
            self.label = label
            self.minWords = minWords
            self.maxWords = maxWords
            self.maxCharacters = maxCharacters
            self.seesImage = seesImage
        }
    }

    package struct Failure: Sendable {
        package var artwork: String
        package var file: String
        package var error: String

        package init(artwork: String, file: String, error: String) {
            self.artwork = artwork
            self.file = file
            self.error = error
        }
    }

    package var layout: OutputLayout
    package var institution: String
    /// Targets by audience name.
    package var targets: [String: Target]
    package var failures: [Failure]
    /// Artwork folders no record named at the last run: shown, marked.
    package var retired: Set<String> = []
    /// Folder that record image paths are relative to.
    package var projectDirectory: String
    package var generatedAt: String
    /// Set when `docent review` serves the page: each draft gets its actions.
    package var app: App?

    /// What the review app adds to the page.
    package struct App: Sendable {
        /// The session's CSRF token, sent back with every action.
        package var csrf: String
        /// Who is signed in: her actions are the ones her role allows.
        package var person: Person
        /// Which drafts, in which order, which page.
        package var query: ReviewQuery
        /// The audit trail's entries by file (relative to the output folder): each card's history.
        package var history: [String: [AuditTrail.Entry]] = [:]

        package init(csrf: String, person: Person, query: ReviewQuery = ReviewQuery()) {
            self.csrf = csrf
            self.person = person
            self.query = query
        }
    }

    package init(layout: OutputLayout, institution: String, targets: [String: Target], failures: [Failure],
                projectDirectory: String, generatedAt: String) {
        self.layout = layout
        self.institution = institution
        self.targets = targets
        self.failures = failures
        self.projectDirectory = projectDirectory
        self.generatedAt = generatedAt
    }

    /// HTML-escaped text (for the few places that write markup without a template: JUnit XML).
    package static func escape(_ text: some StringProtocol) -> String {
        String(text).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    package func render() throws -> String {
        String(decoding: try renderData(), as: UTF8.self)
    }

    /// One artwork's part of the page, and the counts of its drafts (for the top of the page).
    package struct Section: Sendable {
        package var html: String
        package var tally: Tally
    }

    /// An artwork's section, from its folder (each draft read once). `record` is its record
    /// when the caller has it at hand (a run: what it just wrote as record.json), else it is
    /// read from record.json.
    package func section(_ id: String, record: Artwork? = nil) throws -> Section {
        let templates = try self.templates()
        let scanned = DraftStatus.scanDocuments(layout, artwork: id, versions: app != nil)
        let view = artworkView(id, statuses: scanned, record: record)
        return Section(html: templates.render(view, "artwork"), tally: Tally(scanned.map(\.status)))
    }

    /// The page as UTF-8 bytes (the review app's page; a small one in tests). The static page
    /// of a run is written with `write(to:prepared:)`, which does not hold it.
    package func renderData() throws -> Data {
        if let app { return try appPage(allIDs(), app: app, templates: try templates()) }
        var data = Data()
        try stream(prepared: nil) { data.append($0) }
        return data
    }

    /// Writes the page to `path` (atomically) a piece at a time. `prepared` holds sections
    /// rendered earlier (a run renders each artwork's as soon as its files are written, while
    /// it waits for the network); the others are rendered here into the same spool first, since
    /// the counts at the top of the page need every artwork. At no time is the page, or a list
    /// of every draft, in memory: one section at a time.
    package func write(to path: String, prepared: SectionSpool? = nil) throws {
        try AtomicFile.write(to: path) { append in try stream(prepared: prepared, append) }
    }

    private func allIDs(and more: [String] = []) -> [String] {
        Set(layout.artworkIDs()).union(failures.map(\.artwork)).union(more).sorted()
    }

    private func stream(prepared: SectionSpool?, _ append: (Data) throws -> Void) throws {
        let templates = try self.templates()
        let spool = prepared ?? SectionSpool(in: layout.root)
        let ids = allIDs(and: spool.ids)
        var tally = spool.names
        var unspooled: [String: Section] = [:]
        for id in ids {
            if let counted = spool.tally(id) {
                tally.add(counted)
                continue
            }
            let section = try section(id)
            tally.add(section.tally)
            // Held in memory only when the spool cannot take it (a full disk).
            if !spool.add(id, section) { unspooled[id] = section }
        }
        let parts = frame(tally, templates: templates).components(separatedBy: Self.sectionsMarker)
        try append(Data(parts[0].utf8))
        for id in ids {
            if let section = unspooled.removeValue(forKey: id) {
                try append(Data(section.html.utf8))
            } else if let html = try spool.html(id) {
                try append(html)
            }
        }
        // A page template without {{{sections}}} shows the counts only.
        try append(Data(parts.dropFirst().joined().utf8))
    }

    /// The page's frame: everything but the sections, which go where the marker is.
    func frame(_ tally: Tally, templates: ReviewTemplates, paging: PageView.Paging? = nil) -> String {
        var view = PageView(tally: tally, failures: failures.count, institution: institution, generatedAt: generatedAt,
                            css: templates.css, script: templates.script, sections: Self.sectionsMarker,
                            app: app.map { .init(csrf: $0.csrf, person: $0.person.label, mayChange: $0.person.role != .viewer) })
        view.paging = paging
        return templates.render(view, "page")
    }

    static let sectionsMarker = "\u{1}docent-sections\u{1}"

    /// The frame with the sections of `ids` in its place, each section let go once copied.
    func assemble(_ frame: String, ids: [String], sections: inout [String: Section], size: Int) -> Data {
        let parts = frame.components(separatedBy: Self.sectionsMarker)
        var data = Data(capacity: frame.utf8.count + size)
        data.append(contentsOf: parts[0].utf8)
        for id in ids {
            if let section = sections.removeValue(forKey: id) { data.append(contentsOf: section.html.utf8) }
        }
        // A page template without {{{sections}}} shows the counts only.
        data.append(contentsOf: parts.dropFirst().joined().utf8)
        return data
    }

    /// The project's templates; in the review app, the built-in ones when the project's copy
    /// of draft.mustache predates the app's actions.
    func templates() throws -> ReviewTemplates {
        let project = try ReviewTemplates.forProject(projectDirectory)
        if app != nil, !project.hasActions, let builtIn = ReviewTemplates.builtIn { return builtIn }
        return project
    }

    func imageSource(_ path: String) -> String? {
        imageFile(path).map { URL(fileURLWithPath: $0).absoluteString }
    }

    /// A record's image on the web: an http or https URL with a host, as collection exports
    /// give (Tate's thumbnails, a LIDO resource link); nil for anything else (a file, or a
    /// `javascript:` or `data:` URL, which never reaches a page).
    package static func remoteImage(_ path: String) -> String? {
        guard let url = URL(string: path), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              url.host?.isEmpty == false else { return nil }
        return url.absoluteString
    }

    /// The image file a record names, when it is a local file that exists (a URL is
    /// `remoteImage`'s: the reader's browser loads it, Docent never does).
    package func imageFile(_ path: String) -> String? {
        if path.hasPrefix("http://") || path.hasPrefix("https://") { return nil }
        let absolute = path.hasPrefix("/") ? path : (projectDirectory as NSString).appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: absolute) else { return nil }
        return absolute
    }
}
