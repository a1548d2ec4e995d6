import Domain
import Foundation
import Hummingbird
import Prose
import Pipeline
import Review

extension ReviewApp {
    /// The fields of an action form.
    struct ActionForm: Decodable {
        var csrf: String
        var artwork: String
        var draft: String
        var version: String
        var action: String
        var note: String?
        var text: String?
        /// The page's query, to return to.
        var back: String?

        /// Where to go after the action: the page it came from (rebuilt from its query, so
        /// that nothing else can be put there), at the artwork.
        var returnAddress: String {
            "/?" + ReviewQuery(queryString: back ?? "").queryString() + "#" + artwork.percentEncodedUnreserved
        }
    }

    static func form<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T? {
        let buffer = try await request.body.collect(upTo: 4 << 20)
        return try? URLEncodedFormDecoder().decode(type, from: String(buffer: buffer))
    }

    /// Approve, reject, edit, accept or keep: the same files as the CLI writes, under the same
    /// rules; refused with 409 (and both versions shown) when the file changed since the page
    /// was loaded. Asked by the page's script (`Accept: application/json`), the answer is the
    /// artwork's section as it is now, to put in place of the old one, or the error to show on
    /// the card: no page load. A plain form post is answered with the page, as before.
    func act(_ request: Request, by person: Person) async throws -> Response {
        let inPage = request.headers[.accept]?.contains("application/json") ?? false
        func refuse(_ message: String, _ status: HTTPResponse.Status, current: String? = nil) -> Response {
            inPage ? Self.json(ActionAnswer(error: message, current: current), status: status) : Self.text(message, status: status)
        }
        guard let form = try await Self.form(ActionForm.self, request) else { return refuse("incomplete form", .badRequest) }
        guard AccessCheck.same(form.csrf, csrf) else { return refuse("missing or wrong CSRF token: load the page again", .forbidden) }
        guard let name = DraftName(fileName: form.draft) else { return refuse("'\(form.draft)' is not a draft's file name", .badRequest) }
        let path: String
        do {
            path = try layout.draftPath(form.artwork, name)
        } catch {
            return refuse("'\(form.artwork)' is not an artwork id: \(error)", .badRequest)
        }
        guard FileManager.default.fileExists(atPath: path) else { return refuse("no such draft: it was removed since the page was loaded", .notFound) }
        guard person.mayChange(name, source: sourceLanguage(form.artwork)) else { return refuse(Self.notYours(person, name), .forbidden) }
        let desk = ApprovalDesk(clock: clock, actor: person.name)
        do {
            switch form.action {
            case "approve":
                try desk.approve(path: path, by: person.name, expecting: form.version)
            case "reject":
                let note = (form.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !note.isEmpty else { return refuse("a rejection needs a note for the next run: write it in the note box", .badRequest) }
                try desk.reject(path: path, by: person.name, note: note, expecting: form.version)
                // The note also goes on the draft's thread, where the team reads it beside the others.
                try? CommentThread(layout: layout, artwork: form.artwork, draft: name)?
                    .add(Comment(at: Timestamp.string(clock()), by: person.name, text: note, rejection: true))
            case "edit":
                guard let text = form.text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    return refuse("an empty text is not saved", .badRequest)
                }
                try desk.edit(path: path, body: text, expecting: form.version)
            case "accept":
                _ = try desk.accept(form.artwork, name, in: layout, expecting: form.version)
            case "keep":
                _ = try desk.keep(form.artwork, name, in: layout, expecting: form.version)
            default:
                return refuse("unknown action '\(form.action)'", .badRequest)
            }
        } catch let conflict as ApprovalDesk.Conflict {
            if inPage {
                var answer = ActionAnswer(error: "the file changed since the page was loaded (another editor, or a run): nothing was written; "
                                          + (form.action == "edit" ? "your text against the file now is below: use yours, or keep theirs" : "the file now is below"),
                                          current: conflict.current)
                if form.action == "edit", let mine = form.text {
                    // Word by word, theirs → yours; "use mine" saves yours over the file as it is now
                    // (theirs stays in output/.history/versions/, and undo brings it back).
                    let theirs = (try? DraftDocument.parse(conflict.current).body) ?? conflict.current
                    answer.diff = WordDiff.diff(theirs, mine).map(ActionAnswer.DiffPart.init)
                    answer.version = ApprovalDesk.version(of: path)
                }
                return Self.json(answer, status: .conflict)
            }
            return try conflictPage(form, current: conflict.current)
        } catch let unreadable as ArtifactFormat.Unreadable {
            // An edit of SEO data or subtitles that cannot be read back: nothing was written.
            return refuse("not saved: \(unreadable); correct it and save again (nothing was written)", .badRequest)
        }
        staticPage.changed()
        guard inPage else { return Self.redirect(form.returnAddress) }
        return Self.json(ActionAnswer(section: try card(form.artwork, for: person, back: form.back)), status: .ok)
    }

    /// What a person is told when her role does not let her change an output.
    static func notYours(_ person: Person, _ name: DraftName) -> String {
        switch person.role {
        case .viewer: "\(person.name) is a viewer here: reading only (an editor can invite you again with another role)"
        case .translator, .editor: "\(name.fileName) is not among \(person.name)'s translations (\(person.label)): nothing was written"
        }
    }

    /// The record's own language (what a translation is read against), from record.json.
    func sourceLanguage(_ artwork: String) -> String? {
        RecordFacts(artwork, in: layout).language
    }

    /// An artwork's section of the page as it is now, with its actions (the page's query kept in them).
    func card(_ artwork: String, for person: Person, back: String?) throws -> String {
        let run = LastRun.read(in: layout)
        var page = ReviewPage(config: config, layout: layout, failures: run?.pageFailures ?? [], clock: clock())
        page.retired = Set(run?.retiredArtworks ?? [])
        page.app = ReviewPage.App(csrf: csrf, person: person, query: ReviewQuery(queryString: back ?? ""))
        page.app?.history = AuditTrail(root: layout.root).history(of: artwork)
        return try page.section(artwork).html
    }

    struct UndoForm: Decodable {
        var csrf: String
        var back: String?
    }

    /// `u` in the page: the editor's last action not undone yet is taken back (the file as it
    /// was before it, when nothing changed it since); the answer is that artwork's card.
    func undo(_ request: Request, by person: Person) async throws -> Response {
        guard let form = try await Self.form(UndoForm.self, request) else { return Self.json(ActionAnswer(error: "incomplete form"), status: .badRequest) }
        guard AccessCheck.same(form.csrf, csrf) else {
            return Self.json(ActionAnswer(error: "missing or wrong CSRF token: load the page again"), status: .forbidden)
        }
        let entry: AuditTrail.Entry
        do {
            entry = try ApprovalDesk(clock: clock, actor: person.name).undo(in: layout, by: person.name)
        } catch let refused as ApprovalDesk.UndoRefused {
            return Self.json(ActionAnswer(error: refused.description), status: .conflict)
        }
        staticPage.changed()
        let artwork = String(entry.file.split(separator: "/").first ?? "")
        var answer = ActionAnswer(section: try card(artwork, for: person, back: form.back))
        answer.artwork = artwork
        answer.said = "undid the \(entry.action.rawValue) of \(entry.file)"
        return Self.json(answer, status: .ok)
    }

    /// What the page's script gets back from an action.
    struct ActionAnswer: Encodable {
        /// The artwork's section as it is now.
        var section: String?
        var error: String?
        /// On a conflict: the file as it is now.
        var current: String?
        /// After an undo: the artwork whose card this is, and what was undone.
        var artwork: String?
        var said: String?
        /// A refused edit: theirs against yours, word by word, and the file's version now (to
        /// save yours over it: "use mine").
        var diff: [DiffPart]?
        var version: String?

        struct DiffPart: Encodable {
            var same: String?
            var removed: String?
            var added: String?

            init(_ part: WordDiff.Part) {
                switch part {
                case .same(let text): same = text
                case .removed(let text): removed = text
                case .added(let text): added = text
                }
            }
        }
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.xContentTypeOptions] = "nosniff"
        let data = (try? JSONEncoder.docentCompact.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func conflictPage(_ form: ActionForm, current: String) throws -> Response {
        struct View {
            var css: String
            var file: String
            var artwork: String
            var back: String
            var mine: String
            var current: String
        }
        let templates = try ReviewTemplates.forProject(config.baseDirectory)
        let mine = form.action == "edit" ? (form.text ?? "") : "(\(form.action): not done)"
        let html = templates.render(View(css: templates.css, file: "\(form.artwork)/\(form.draft)", artwork: form.artwork, back: form.returnAddress,
                                         mine: mine, current: current), "conflict")
        return Self.html(Data(html.utf8), status: .conflict)
    }
}
