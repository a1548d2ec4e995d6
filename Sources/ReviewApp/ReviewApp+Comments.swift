import Domain
import Foundation
import Hummingbird
import Prose
import Review

extension ReviewApp {
    struct CommentForm: Decodable {
        var csrf: String
        var artwork: String
        var draft: String
        var text: String
        var back: String?
    }

    /// A comment on a draft's thread, in the signed-in person's name (a viewer reads only).
    /// Asked by the page's script, the answer is the artwork's card with the thread as it is now.
    func comment(_ request: Request, by person: Person) async throws -> Response {
        let inPage = request.headers[.accept]?.contains("application/json") ?? false
        func refuse(_ message: String, _ status: HTTPResponse.Status) -> Response {
            inPage ? Self.json(ActionAnswer(error: message), status: status) : Self.text(message, status: status)
        }
        guard let form = try await Self.form(CommentForm.self, request) else { return refuse("incomplete form", .badRequest) }
        guard AccessCheck.same(form.csrf, csrf) else { return refuse("missing or wrong CSRF token: load the page again", .forbidden) }
        guard person.mayComment else { return refuse("\(person.name) is a viewer here: reading only", .forbidden) }
        guard let name = DraftName(fileName: form.draft) else { return refuse("'\(form.draft)' is not a draft's file name", .badRequest) }
        guard let thread = CommentThread(layout: layout, artwork: form.artwork, draft: name),
              let path = try? layout.draftPath(form.artwork, name) else {
            return refuse("'\(form.artwork)' is not an artwork id", .badRequest)
        }
        guard FileManager.default.fileExists(atPath: path) else { return refuse("no such draft: it was removed since the page was loaded", .notFound) }
        do {
            try thread.add(Comment(at: Timestamp.string(clock()), by: person.name, text: form.text))
        } catch let refused as CommentThread.Refused {
            return refuse("not kept: \(refused)", .badRequest)
        }
        staticPage.changed()
        guard inPage else {
            return Self.redirect("/?" + ReviewQuery(queryString: form.back ?? "").queryString() + "#" + form.artwork.percentEncodedUnreserved)
        }
        return Self.json(ActionAnswer(section: try card(form.artwork, for: person, back: form.back)), status: .ok)
    }
}
