import Catalog
import Foundation
import Prose

/// `output/index.html`: one self-contained page (inline CSS and JS, no network, works from
/// `file://`) for editors: counts, filters, and every artwork's drafts with their checks,
/// approval and staleness. Everything from records and model output is escaped.
public struct ReviewPage: Sendable {
    public struct Target: Sendable {
        public var label: String
        public var minWords: Int
        public var maxWords: Int

        public init(label: String, minWords: Int, maxWords: Int) {
            self.label = label
            self.minWords = minWords
            self.maxWords = maxWords
        }
    }

    public struct Failure: Sendable {
        public var artwork: String
        public var file: String
        public var error: String

        public init(artwork: String, file: String, error: String) {
            self.artwork = artwork
            self.file = file
            self.error = error
        }
    }

    public var layout: OutputLayout
    public var institution: String
    /// Targets by audience name.
    public var targets: [String: Target]
    public var failures: [Failure]
    /// Folder that record image paths are relative to.
    public var projectDirectory: String
    public var generatedAt: String

    public init(layout: OutputLayout, institution: String, targets: [String: Target], failures: [Failure],
                projectDirectory: String, generatedAt: String) {
        self.layout = layout
        self.institution = institution
        self.targets = targets
        self.failures = failures
        self.projectDirectory = projectDirectory
        self.generatedAt = generatedAt
    }

    public static func escape(_ text: some StringProtocol) -> String {
        escape(text, lineBreaks: false)
    }

    /// HTML-escaped text, byte by byte (the five characters that matter are ASCII); with
    /// `lineBreaks`, newlines become `<br>`.
    static func escape(_ text: some StringProtocol, lineBreaks: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += "&amp;".utf8
            case UInt8(ascii: "<"): out += "&lt;".utf8
            case UInt8(ascii: ">"): out += "&gt;".utf8
            case UInt8(ascii: "\""): out += "&quot;".utf8
            case UInt8(ascii: "'"): out += "&#39;".utf8
            case UInt8(ascii: "\n") where lineBreaks: out += "<br>".utf8
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    struct DraftView {
        var name: DraftName
        var status: DraftStatus
        var document: DraftDocument?
        var proposal: DraftDocument?
    }

    public func render() -> String {
        String(decoding: renderData(), as: UTF8.self)
    }

    /// One artwork's part of the page, and the states of its drafts (for the counts at the top).
    public struct Section: Sendable {
        public var html: String
        public var statuses: [DraftStatus]
    }

    /// An artwork's section, from its folder (each draft read once). `record` is its record
    /// when the caller has it at hand (a run: what it just wrote as record.json), else it is
    /// read from record.json.
    public func section(_ id: String, record: Artwork? = nil) -> Section {
        let scanned = DraftStatus.scanDocuments(layout, artwork: id)
        return Section(html: renderArtwork(id, statuses: scanned, record: record), statuses: scanned.map(\.status))
    }

    /// The page as UTF-8 bytes. `prepared` holds sections rendered earlier (a run renders each
    /// artwork's as soon as its files are written, while it waits for the network); the others
    /// are rendered here, one artwork at a time. Each section is let go once copied into the
    /// page, so that the page (tens of megabytes for a large collection) is held about once.
    public func renderData(prepared: [String: Section] = [:]) -> Data {
        var sections = prepared
        let ids = Set(layout.artworkIDs()).union(failures.map(\.artwork)).union(prepared.keys).sorted()
        var statuses: [DraftStatus] = []
        var size = 0
        for id in ids {
            if sections[id] == nil { sections[id] = section(id) }
            statuses += sections[id]!.statuses
            size += sections[id]!.html.utf8.count
        }
        var languages = Set<String>(), audiences = Set<String>()
        for status in statuses {
            if let name = DraftName(parsing: status.draft) {
                languages.insert(name.language)
                audiences.insert(name.audience)
            }
        }
        let count = { (predicate: (DraftStatus) -> Bool) in statuses.filter(predicate).count }
        let header = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Docent review — \(Self.escape(institution))</title>
            <style>\(Self.css)</style></head><body>
            <header><h1>Review — \(Self.escape(institution))</h1>
            <p class="meta">Generated \(Self.escape(generatedAt)) by Docent. Every text below was written by AI and needs a person's approval.</p>
            <ul class="counts">
            <li><b>\(statuses.count)</b> drafts</li>
            <li><b>\(count { $0.state == .approved })</b> approved</li>
            <li><b>\(count { $0.state == .pending })</b> pending</li>
            <li><b>\(count { $0.state == .edited })</b> edited</li>
            <li class="stale"><b>\(count(\.stale))</b> stale</li>
            <li class="error"><b>\(count(\.flagged))</b> flagged</li>
            <li class="error"><b>\(failures.count)</b> failed</li>
            </ul>
            <form class="filters" onsubmit="return false">
            <label><input type="checkbox" id="f-unapproved"> unapproved</label>
            <label><input type="checkbox" id="f-flagged"> flagged</label>
            <label><input type="checkbox" id="f-stale"> stale</label>
            <label>language <select id="f-language"><option value="">all</option>\(languages.sorted().map { "<option>\(Self.escape($0))</option>" }.joined())</select></label>
            <label>audience <select id="f-audience"><option value="">all</option>\(audiences.sorted().map { "<option>\(Self.escape($0))</option>" }.joined())</select></label>
            <span id="shown"></span>
            </form></header><main>
            """
        let footer = "</main><script>\(Self.script)</script></body></html>\n"
        var data = Data(capacity: header.utf8.count + size + footer.utf8.count)
        data.append(contentsOf: header.utf8)
        for id in ids {
            if let section = sections.removeValue(forKey: id) { data.append(contentsOf: section.html.utf8) }
        }
        data.append(contentsOf: footer.utf8)
        return data
    }

    func renderArtwork(_ id: String, statuses: [(status: DraftStatus, document: DraftDocument?)], record: Artwork? = nil) -> String {
        let artwork = record ?? (try? layout.recordPath(id)).flatMap { FileManager.default.contents(atPath: $0) }
            .flatMap { try? JSONDecoder().decode(Artwork.self, from: $0) }
        var html = "<section class=\"artwork\" id=\"\(Self.escape(id))\"><div class=\"facts\">"
        if let image = artwork?.image, let source = imageSource(image.path) {
            html += "<img src=\"\(Self.escape(source))\" alt=\"\(Self.escape(image.alt ?? ""))\">"
        }
        html += "<h2>\(Self.escape(artwork?.title ?? id))</h2><dl>"
        if let artwork {
            let makers = artwork.makers.map { maker in maker.name + (maker.lifeDates.map { " (\($0))" } ?? "") }.joined(separator: ", ")
            for (label, value) in [("Maker", makers), ("Date", artwork.date), ("Medium", artwork.medium), ("Dimensions", artwork.dimensions),
                                   ("Credit", artwork.creditLine), ("Accession", artwork.accessionNumber), ("Id", id)] as [(String, String?)] {
                if let value, !value.isEmpty { html += "<dt>\(label)</dt><dd>\(Self.escape(value))</dd>" }
            }
        }
        html += "</dl></div>"
        for failure in failures where failure.artwork == id {
            html += "<p class=\"failure\">Failed: \(Self.escape(failure.file)) — \(Self.escape(failure.error))</p>"
        }
        // Drafts grouped by audience, languages side by side.
        let views = statuses.compactMap { status, document -> DraftView? in
            guard let name = DraftName(parsing: status.draft) else { return nil }
            let proposal = status.stale ? (try? layout.proposedPath(id, name)).flatMap { try? DraftDocument.read(at: $0) } : nil
            return DraftView(name: name, status: status, document: document, proposal: proposal)
        }
        for (audience, group) in Dictionary(grouping: views, by: \.name.audience).sorted(by: { $0.key < $1.key }) {
            let target = targets[audience]
            html += "<div class=\"audience\"><h3>\(Self.escape(target?.label ?? audience))</h3><div class=\"languages\">"
            // The record's own language first: translations are read against it.
            let source = artwork?.language ?? ""
            for view in group.sorted(by: { ($0.name.language == source ? 0 : 1, $0.name.language) < ($1.name.language == source ? 0 : 1, $1.name.language) }) {
                html += renderDraft(view, target: target)
            }
            html += "</div></div>"
        }
        return html + "</section>\n"
    }

    func renderDraft(_ view: DraftView, target: Target?) -> String {
        let status = view.status
        let classes = ["draft", status.state.rawValue] + (status.stale ? ["is-stale"] : []) + (status.flagged ? ["is-flagged"] : [])
        var html = "<article class=\"\(classes.joined(separator: " "))\" data-language=\"\(Self.escape(view.name.language))\" "
            + "data-audience=\"\(Self.escape(view.name.audience))\" data-approved=\"\(status.state == .approved)\" "
            + "data-stale=\"\(status.stale)\" data-flagged=\"\(status.flagged)\">"
        html += "<header><span class=\"lang\">\(Self.escape(view.name.language))</span> "
        html += "<span class=\"badge \(status.state.rawValue)\">\(status.state.rawValue)</span>"
        if status.stale { html += " <span class=\"badge stale\">stale</span>" }
        if let approvedBy = status.approvedBy {
            html += " <span class=\"who\">by \(Self.escape(approvedBy))\(status.approvedAt.map { ", " + Self.escape($0) } ?? "")</span>"
        }
        html += "<code class=\"file\">\(Self.escape(status.file))</code></header>"
        guard let document = view.document else {
            return html + "<p class=\"failure\">The front matter cannot be read.</p></article>"
        }
        let words = TextStats.wordCount(document.body)
        let characters = TextStats.characterCount(document.body)
        var counts = "\(words) words, \(characters) characters"
        var lengthClass = ""
        if let target {
            counts += " (target \(target.minWords)–\(target.maxWords) words)"
            if words < target.minWords || words > target.maxWords { lengthClass = " off-target" }
        }
        html += "<p class=\"counts\(lengthClass)\">\(counts)</p>"
        html += "<div class=\"text\">\(Self.paragraphs(document.body))</div>"
        // The same finding several times (a typography rule on each quotation mark) shows once, counted.
        var grouped: [(check: DraftCheck, count: Int)] = []
        for check in document.frontMatter.checks {
            if let index = grouped.firstIndex(where: { $0.check == check }) { grouped[index].count += 1 } else { grouped.append((check, 1)) }
        }
        grouped.sort { Self.rank($0.check.severity) > Self.rank($1.check.severity) }
        if !grouped.isEmpty {
            html += "<ul class=\"checks\">" + grouped.map { entry in
                let check = entry.check
                return "<li class=\"\(Self.escape(check.severity))\"><b>\(Self.escape(check.severity))</b> <code>\(Self.escape(check.rule))</code> "
                    + Self.escape(check.message) + (entry.count > 1 ? " <span class=\"times\">×\(entry.count)</span>" : "") + "</li>"
            }.joined() + "</ul>"
        }
        if let note = document.frontMatter.reviewNote {
            html += "<p class=\"note\">Editor's note: \(Self.escape(note))</p>"
        }
        if let proposal = view.proposal {
            html += "<details open><summary>Proposed new version (inputs changed)</summary><p class=\"diff\">"
            for part in WordDiff.diff(document.body, proposal.body) {
                switch part {
                case .same(let text): html += Self.escape(text)
                case .removed(let text): html += "<del>\(Self.escape(text))</del>"
                case .added(let text): html += "<ins>\(Self.escape(text))</ins>"
                }
            }
            html += "</p></details>"
        }
        return html + "</article>"
    }

    func imageSource(_ path: String) -> String? {
        if path.hasPrefix("http://") || path.hasPrefix("https://") { return nil }  // no network from the page
        let absolute = path.hasPrefix("/") ? path : (projectDirectory as NSString).appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: absolute) else { return nil }
        return URL(fileURLWithPath: absolute).absoluteString
    }

    static func rank(_ severity: String) -> Int { ["error": 2, "warning": 1][severity] ?? 0 }

    /// The body as escaped paragraphs (line breaks kept), headings marked as such.
    static func paragraphs(_ body: String) -> String {
        let text = UTF8Text.trimmed(body)
        var html = ""
        var rest = text[...]
        while true {
            let end = FastText.range(of: "\n\n", in: rest)
            let block = rest[..<(end?.lowerBound ?? rest.endIndex)]
            let escaped = escape(block, lineBreaks: true)
            html += block.hasPrefix("#") ? "<p class=\"heading\">\(escaped)</p>" : "<p>\(escaped)</p>"
            guard let end else { return html }
            rest = rest[end.upperBound...]
        }
    }

    static let css = """
        :root{--ink:#1d1d1f;--muted:#6b6b70;--line:#d9d9de;--bg:#f6f5f2;--ok:#1e7a3c;--warn:#9a6700;--err:#b42318;--stale:#7a3db8}
        *{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);background:var(--bg)}
        body>header{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid var(--line);padding:12px 24px}
        h1{font-size:20px;margin:0}.meta{color:var(--muted);margin:2px 0 8px}
        .counts{list-style:none;display:flex;flex-wrap:wrap;gap:16px;padding:0;margin:0 0 8px}.counts li.stale b{color:var(--stale)}.counts li.error b{color:var(--err)}
        .filters{display:flex;flex-wrap:wrap;gap:16px;align-items:center;color:var(--muted)}#shown{margin-left:auto}
        main{padding:16px 24px;max-width:1600px;margin:0 auto}
        section.artwork{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:0 0 20px}
        .facts{display:grid;grid-template-columns:auto 1fr;gap:0 20px}.facts img{grid-row:span 2;max-width:160px;max-height:160px;border-radius:4px}
        .facts h2{margin:0 0 4px;font-size:18px}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0;color:var(--muted)}dt{font-weight:600}dd{margin:0}
        .audience h3{font-size:15px;margin:16px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
        .languages{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}
        article.draft{border:1px solid var(--line);border-radius:6px;padding:10px 12px;background:#fff}
        article.is-flagged{border-left:4px solid var(--err)}article.is-stale{border-left:4px solid var(--stale)}article.approved{border-left:4px solid var(--ok)}
        article header{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin-bottom:4px}
        .lang{font-weight:700;text-transform:uppercase}.file{margin-left:auto;color:var(--muted);font-size:12px}
        .badge{font-size:12px;padding:1px 8px;border-radius:10px;background:#eee}.badge.approved{background:#dff3e4;color:var(--ok)}
        .badge.edited{background:#e6f0ff;color:#1b4fa0}.badge.pending{background:#f1f1f1;color:var(--muted)}.badge.stale{background:#efe3fa;color:var(--stale)}
        .who{font-size:12px;color:var(--muted)}.counts.off-target{color:var(--warn)}p.counts{font-size:12px;color:var(--muted);margin:0 0 6px}
        .text p{margin:0 0 8px}.text p.heading{font-weight:700}
        ul.checks{margin:6px 0 0;padding:0;list-style:none;font-size:13px}ul.checks li{padding:2px 0}
        ul.checks li.error b{color:var(--err)}ul.checks li.warning b{color:var(--warn)}ul.checks li.info b{color:var(--muted)}
        .note{background:#fff8e1;padding:6px 8px;border-radius:4px;font-size:13px}.failure{color:var(--err);font-weight:600}
        details{margin-top:8px}summary{cursor:pointer;color:var(--stale);font-weight:600}del{background:#fde2e1;color:var(--err)}ins{background:#dff3e4;color:var(--ok);text-decoration:none}
        .times{color:var(--muted)}.hidden{display:none}
        """

    static let script = """
        (function(){
          var ids=["f-unapproved","f-flagged","f-stale","f-language","f-audience"];
          function apply(){
            var u=document.getElementById("f-unapproved").checked,f=document.getElementById("f-flagged").checked,
                s=document.getElementById("f-stale").checked,l=document.getElementById("f-language").value,
                a=document.getElementById("f-audience").value,shown=0,total=0;
            document.querySelectorAll("article.draft").forEach(function(d){
              total++;
              var ok=(!u||d.dataset.approved!=="true")&&(!f||d.dataset.flagged==="true")&&(!s||d.dataset.stale==="true")
                &&(!l||d.dataset.language===l)&&(!a||d.dataset.audience===a);
              d.classList.toggle("hidden",!ok);if(ok)shown++;
            });
            document.querySelectorAll(".audience").forEach(function(g){g.classList.toggle("hidden",!g.querySelector("article.draft:not(.hidden)"));});
            document.querySelectorAll("section.artwork").forEach(function(g){g.classList.toggle("hidden",!g.querySelector("article.draft:not(.hidden)")&&!g.querySelector(".failure"));});
            document.getElementById("shown").textContent=shown+" of "+total+" drafts shown";
          }
          ids.forEach(function(id){document.getElementById(id).addEventListener("change",apply);});
          apply();
        })();
        """
}
