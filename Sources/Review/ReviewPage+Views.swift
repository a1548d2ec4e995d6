import Catalog
import Domain
import Foundation
import Prose

/// What the review templates show: plain values, every decision (order, grouping, classes,
/// counts) taken here, so that a template only lays them out.
extension ReviewPage {
    struct PageView {
        struct Counts {
            var drafts, approved, pending, edited, stale, flagged, failed: Int
        }
        var institution: String
        var generatedAt: String
        var counts: Counts
        var languages: [String]
        var audiences: [String]
        /// The rules of the checks found (the check filter).
        var checks: [String]
        var css: String
        var script: String
        var sections: String
        struct AppView { var csrf: String; var person: String; var mayChange: Bool }
        var app: AppView?
        /// In `docent review`: which artworks of how many this page shows, and the links to
        /// the pages before and after.
        struct Paging { var label: String; var previous: String?; var next: String? }
        var paging: Paging?

        init(tally: Tally, failures: Int, institution: String, generatedAt: String, css: String, script: String, sections: String,
             app: AppView? = nil) {
            self.app = app
            counts = Counts(drafts: tally.drafts, approved: tally.approved, pending: tally.pending, edited: tally.edited,
                            stale: tally.stale, flagged: tally.flagged, failed: failures)
            languages = tally.languages.sorted()
            audiences = tally.audiences.sorted()
            checks = tally.rules.sorted()
            self.institution = institution
            self.generatedAt = generatedAt
            self.css = css
            self.script = script
            self.sections = sections
        }
    }

    struct ArtworkView {
        struct Image { var src: String; var alt: String }
        struct Fact { var label: String; var value: String }
        struct FailureView { var file: String; var error: String }
        /// An audience's drafts; for one written from the image, the picture beside them (an
        /// editor judges a description against what it describes).
        struct Group { var label: String; var image: Image?; var drafts: [DraftView] }
        var id: String
        var image: Image?
        var title: String
        var facts: [Fact]
        var failures: [FailureView]
        /// No record named the artwork at the last run.
        var retired: Bool
        var groups: [Group]
    }

    struct DraftView {
        /// A line of the text; `line` is the whole of it (templates from before the marks use
        /// it), `segments` the same cut where checks mark words.
        struct Line { var br: Bool; var line: String; var segments: [Segment] }
        struct Segment {
            var text: String
            var marked = false
            var severity = ""
            var title = ""
        }
        struct Paragraph { var heading: Bool; var lines: [Line] }
        struct Check { var severity: String; var rule: String; var message: String; var times: Int? }
        struct Part { var same: String?; var removed: String?; var added: String? }
        struct Diff { var parts: [Part] }
        struct Text {
            var counts: String
            var offTarget: Bool
            var paragraphs: [Paragraph]
            var hasChecks: Bool
            var checks: [Check]
            var note: String?
            var diff: Diff?
        }
        var classes: String
        var language: String
        var audience: String
        var state: String
        var approved: String
        var stale: String
        var flagged: String
        /// The rules of its checks, space-separated with a space at each end (the check filter).
        var rules: String
        var isStale: Bool
        /// Why it is stale (a proposal beside it, its source text changed), in words.
        var staleReason: String?
        var approvedBy: String?
        var approvedAt: String?
        var file: String
        var unreadable: Bool
        var text: Text?
        /// In `docent review`: what the editor can do, and the file's version the actions expect.
        struct Actions {
            var csrf: String
            var artwork: String
            var draft: String
            var version: String
            var body: String
            var approved: Bool
            var proposal: Bool
            /// The page's query (filters, order, page), to come back to after the action.
            var back: String
        }
        var actions: Actions?
        /// `docent review`: the audit trail's lines for this file, newest first.
        var history: [String] = []
        var hasHistory = false
        /// `docent review`: the draft's comment thread, oldest first, and where to add one.
        var comments: [Comment] = []
        var hasComments = false
        struct CommentForm {
            var csrf: String
            var artwork: String
            var draft: String
            var back: String
        }
        var commentForm: CommentForm?
        /// `docent review`: "true" when it is the signed-in person's (the "mine" filter).
        var mine: String?
    }

    func artworkView(_ id: String, statuses: [DraftStatus.Scanned], record: Artwork?) -> ArtworkView {
        let artwork = record ?? (try? layout.recordPath(id)).flatMap { FileManager.default.contents(atPath: $0) }
            .flatMap { try? JSONDecoder().decode(Artwork.self, from: $0) }
        var facts: [ArtworkView.Fact] = []
        if let artwork {
            let makers = artwork.makers.map { maker in maker.name + (maker.lifeDates.map { " (\($0))" } ?? "") }.joined(separator: ", ")
            for (label, value) in [("Maker", makers), ("Date", artwork.date), ("Medium", artwork.medium), ("Dimensions", artwork.dimensions),
                                   ("Credit", artwork.creditLine), ("Accession", artwork.accessionNumber), ("Id", id)] as [(String, String?)] {
                if let value, !value.isEmpty { facts.append(.init(label: label, value: value)) }
            }
        }
        let image = artwork?.image.flatMap { image -> ArtworkView.Image? in
            if let remote = Self.remoteImage(image.path) {
                // The collection's own image server, as the museum's site links it: the reader's
                // browser loads it (lazily, without a referrer); Docent itself fetches nothing.
                return ArtworkView.Image(src: remote, alt: image.alt ?? artwork?.title ?? id)
            }
            return imageSource(image.path).map { source in
                // In `docent review` the app serves the image (a page over http cannot show file:// URLs).
                let src = app == nil ? source : "/image?artwork=" + id.percentEncodedUnreserved
                return ArtworkView.Image(src: src, alt: image.alt ?? artwork?.title ?? id)
            }
        }
        // Drafts grouped by audience (by name), the record's own language first: translations
        // are read against it.
        let source = artwork?.language ?? ""
        var byAudience: [String: [(name: DraftName, scanned: DraftStatus.Scanned)]] = [:]
        for scanned in statuses {
            guard let name = DraftName(parsing: scanned.status.draft) else { continue }
            byAudience[name.audience, default: []].append((name, scanned))
        }
        // Drafts by audience, then the SEO data and the subtitles.
        let groups = byAudience.sortedByKey().sorted {
            ($0.value.first?.name.kind ?? .draft, $0.key) < ($1.value.first?.name.kind ?? .draft, $1.key)
        }.map { audience, drafts in
            let kind = drafts.first?.name.kind ?? .draft
            let target = kind == .draft ? targets[audience] : nil
            let ordered = drafts.sorted { ($0.name.language == source ? 0 : 1, $0.name.language) < ($1.name.language == source ? 0 : 1, $1.name.language) }
            let label = switch kind {
            case .draft: target?.label ?? audience
            case .seo: "SEO data (title, meta description, keywords, slug, alt text)"
            case .subtitles: "Subtitles (WebVTT; the SubRip file follows it)"
            }
            return ArtworkView.Group(label: label, image: target?.seesImage == true ? image : nil,
                                     drafts: ordered.map { draftView(id, $0.name, $0.scanned, target: target, source: artwork?.language) })
        }
        return ArtworkView(id: id, image: image, title: artwork?.title ?? id, facts: facts,
                           failures: failures.filter { $0.artwork == id }.map { .init(file: $0.file, error: $0.error) },
                           retired: retired.contains(id), groups: groups)
    }

    /// `source`: the record's own language, against which translations are read.
    func draftView(_ id: String, _ name: DraftName, _ scanned: DraftStatus.Scanned, target: Target?, source: String?) -> DraftView {
        let (status, document) = (scanned.status, scanned.document)
        let classes = ["draft", status.state.rawValue] + (status.stale ? ["is-stale"] : []) + (status.flagged ? ["is-flagged"] : [])
        var view = DraftView(classes: classes.joined(separator: " "), language: name.language, audience: name.audience,
                             state: status.state.rawValue, approved: String(status.state == .approved), stale: String(status.stale),
                             flagged: String(status.flagged), rules: " " + status.rules.joined(separator: " ") + " ", isStale: status.stale,
                             staleReason: status.staleReason, approvedBy: status.approvedBy,
                             approvedAt: status.approvedAt, file: status.file, unreadable: document == nil)
        if let app { view.mine = String(app.person.isAssigned(name, source: source)) }
        guard let document else { return view }
        let words = TextStats.wordCount(document.body)
        var counts = "\(words) words, \(TextStats.characterCount(document.body)) characters"
        var offTarget = false
        if let target {
            counts += " (target \(target.minWords)–\(target.maxWords) words"
                + (target.maxCharacters.map { ", at most \($0) characters" } ?? "") + ")"
            offTarget = words < target.minWords || words > target.maxWords
                || target.maxCharacters.map { TextStats.characterCount(document.body) > $0 } == true
        }
        // The same finding several times (a typography rule on each quotation mark) shows once,
        // counted; errors first, then warnings, then the rest, each in the file's order.
        var grouped: [(check: Finding, count: Int)] = []
        for check in document.frontMatter.checks {
            if let index = grouped.firstIndex(where: { $0.check.kind == check.kind }) { grouped[index].count += 1 } else { grouped.append((check, 1)) }
        }
        let checks = grouped.enumerated().sorted { ($1.element.check.severity, $0.offset) < ($0.element.check.severity, $1.offset) }
            .map { DraftView.Check(severity: $0.element.check.severity.rawValue, rule: $0.element.check.rule, message: $0.element.check.message,
                                   times: $0.element.count > 1 ? $0.element.count : nil) }
        let proposal = status.stale ? (try? layout.proposedPath(id, name)).flatMap { try? DraftDocument.read(at: $0) } : nil
        let diff = proposal.map { proposal in
            DraftView.Diff(parts: WordDiff.diff(document.body, proposal.body).map { part in
                switch part {
                case .same(let text): DraftView.Part(same: text)
                case .removed(let text): DraftView.Part(removed: text)
                case .added(let text): DraftView.Part(added: text)
                }
            })
        }
        view.text = DraftView.Text(counts: counts, offTarget: offTarget, paragraphs: Self.paragraphs(document.body, findings: document.frontMatter.checks),
                                   hasChecks: !checks.isEmpty, checks: checks, note: document.frontMatter.reviewNote, diff: diff)
        if let app {
            // Who did what to it, newest first (output/audit.jsonl).
            view.history = (app.history[status.file] ?? []).reversed().map { entry in
                "\(entry.at): \(entry.action.rawValue)" + (entry.by.map { " by \($0)" } ?? "")
            }
            view.hasHistory = !view.history.isEmpty
            view.comments = CommentThread(layout: layout, artwork: id, draft: name)?.comments() ?? []
            view.hasComments = !view.comments.isEmpty
            if app.person.mayComment {
                view.commentForm = DraftView.CommentForm(csrf: app.csrf, artwork: id, draft: name.fileName, back: app.query.queryString())
            }
            // Only what the person's role lets her change gets the actions.
            guard app.person.mayChange(name, source: source) else { return view }
            // The version of the bytes shown: a save is refused if the file is no longer them.
            view.actions = DraftView.Actions(csrf: app.csrf, artwork: id, draft: name.fileName, version: scanned.version ?? "missing",
                                             body: UTF8Text.trimmed(document.body), approved: status.state == .approved,
                                             proposal: proposal != nil, back: app.query.queryString())
        }
        return view
    }
}
