import Foundation
import Hummingbird
import Prose
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

    struct EditorForm: Decodable {
        var csrf: String
        var name: String
    }

    static func form<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T? {
        let buffer = try await request.body.collect(upTo: 4 << 20)
        return try? URLEncodedFormDecoder().decode(type, from: String(buffer: buffer))
    }

    /// "Approve as": the name approvals are made in, kept in a cookie.
    func setEditor(_ request: Request) async throws -> Response {
        guard let form = try await Self.form(EditorForm.self, request) else { return Self.text("a name is needed", status: .badRequest) }
        guard AccessCheck<BasicRequestContext>.same(form.csrf, csrf) else { return Self.text("missing or wrong CSRF token", status: .forbidden) }
        let name = form.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else { return Self.text("a name of 1 to 100 characters is needed", status: .badRequest) }
        var response = Self.redirect("/")
        // ASCII only in a cookie: "María" goes as Mar%C3%ADa.
        response.setCookie(Cookie(name: Self.editorCookie, value: name.percentEncodedUnreserved, path: "/", httpOnly: true, sameSite: .strict))
        return response
    }

    /// Approve, reject, edit, accept or keep: the same files as the CLI writes, under the same
    /// rules; refused with 409 (and both versions shown) when the file changed since the page
    /// was loaded.
    func act(_ request: Request) async throws -> Response {
        guard let form = try await Self.form(ActionForm.self, request) else { return Self.text("incomplete form", status: .badRequest) }
        guard AccessCheck<BasicRequestContext>.same(form.csrf, csrf) else { return Self.text("missing or wrong CSRF token", status: .forbidden) }
        guard let name = DraftName(fileName: form.draft) else { return Self.text("'\(form.draft)' is not a draft's file name", status: .badRequest) }
        let path: String
        do {
            path = try layout.draftPath(form.artwork, name)
        } catch {
            return Self.text("'\(form.artwork)' is not an artwork id: \(error)", status: .badRequest)
        }
        guard FileManager.default.fileExists(atPath: path) else { return Self.text("no such draft", status: .notFound) }
        let editor = request.cookies[Self.editorCookie].map { Self.decoded($0.value) }
        let desk = ApprovalDesk(clock: clock)
        do {
            switch form.action {
            case "approve":
                guard let editor else { return Self.text("say whose approval this is first (Approve as…)", status: .badRequest) }
                try desk.approve(path: path, by: editor, expecting: form.version)
            case "reject":
                let note = (form.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !note.isEmpty else { return Self.text("a rejection needs a note for the next run", status: .badRequest) }
                try desk.reject(path: path, by: editor ?? "reviewer", note: note, expecting: form.version)
            case "edit":
                guard let text = form.text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    return Self.text("an empty text is not saved", status: .badRequest)
                }
                try desk.edit(path: path, body: text, expecting: form.version)
            case "accept":
                _ = try desk.accept(form.artwork, name, in: layout, expecting: form.version)
            case "keep":
                _ = try desk.keep(form.artwork, name, in: layout, expecting: form.version)
            default:
                return Self.text("unknown action '\(form.action)'", status: .badRequest)
            }
        } catch let conflict as ApprovalDesk.Conflict {
            return try conflictPage(form, current: conflict.current)
        } catch let unreadable as ArtifactFormat.Unreadable {
            // An edit of SEO data or subtitles that cannot be read back: nothing was written.
            return Self.text("not saved: \(unreadable); go back to correct it (nothing was written)", status: .badRequest)
        }
        staticPage.changed()
        return Self.redirect(form.returnAddress)
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
