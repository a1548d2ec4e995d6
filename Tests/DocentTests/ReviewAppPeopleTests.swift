import Domain
import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Project
import Review
@testable import ReviewApp
import Testing

/// `docent review` for a team: who started it, people invited with personal links (stored
/// hashed, revocable), what each role may do, the "mine" filter, comment threads, and the
/// name a sign-on proxy vouches for.
@Suite("docent review: people, roles and comments", .serialized)
struct ReviewAppPeopleTests {
    static let token = String(repeating: "a", count: 64)
    static let csrf = String(repeating: "c", count: 64)
    static let artwork = "harbour"

    /// One French record with its draft (the source) and German and Italian translations.
    func project() throws -> (TemporaryFolder, ReviewApp) {
        let folder = try TemporaryFolder()
        try folder.write("""
            {"institution": {"name": "Musée de Test"}, "sources": {"artworks": ["artworks"]},
             "source_language": "fr", "languages": ["de", "it"], "audiences": ["general", "children"]}
            """, to: "pipeline.json")
        try folder.write("[]", to: "artworks/none.json")
        let record = Artwork(id: Self.artwork, title: "Le Port", language: "fr")
        try folder.write(String(decoding: try JSONEncoder().encode(record), as: UTF8.self), to: "output/\(Self.artwork)/record.json")
        for language in ["fr", "de", "it"] {
            let body = "Texte \(language) sur le port."
            let document = DraftDocument(frontMatter: DraftFrontMatter(
                artwork: Self.artwork, stage: language == "fr" ? "draft" : "translate", audience: "general", language: language,
                generatedAt: "2026-12-01T10:00:00Z", generator: DraftGenerator(provider: "openai", model: "m", prompt: "p", style: nil),
                inputs: "sha256:1", body: ContentHash.ofBody(body), checks: [], reviewNote: nil), body: body)
            try folder.write(document.rendered(), to: "output/\(Self.artwork)/draft.general.\(language).md")
        }
        let (config, layout) = try Workspace.config(path: folder.file("pipeline.json"), overrides: .init())
        return (folder, ReviewApp(config: config, layout: layout, owner: Person(name: "Claire Martin", role: .editor), token: Self.token,
                                  csrf: Self.csrf, clock: { Date(timeIntervalSince1970: 1_800_000_000) }))
    }

    func post(_ fields: [(String, String)], token: String, json: Bool = true) -> (HTTPFields, ByteBuffer) {
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers[.cookie] = "\(ReviewApp.tokenCookie)=\(token)"
        if json { headers[.accept] = "application/json" }
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return (headers, ByteBuffer(string: body))
    }

    func action(_ action: String, _ language: String, folder root: String, token: String, note: String? = nil) -> (HTTPFields, ByteBuffer) {
        let path = root + "/output/\(Self.artwork)/draft.general.\(language).md"
        return post([("csrf", Self.csrf), ("artwork", Self.artwork), ("draft", "draft.general.\(language).md"),
                     ("version", ApprovalDesk.version(of: path)), ("action", action)] + (note.map { [("note", $0)] } ?? []), token: token)
    }

    func approvedBy(_ language: String, _ root: String) throws -> String? {
        try DraftDocument.read(at: root + "/output/\(Self.artwork)/draft.general.\(language).md").frontMatter.approvedBy
    }

    @Test("An invitation's link signs its person in (the token kept only hashed, the file private); revoked, it signs no one in")
    func invitation() async throws {
        let (folder, app) = try project()
        defer { withExtendedLifetime(folder) {} }
        let root = folder.path
        let link = try app.people.invite(Person(name: "Jonas Weber", role: .editor), by: "Claire Martin", at: Date(timeIntervalSince1970: 0))
        let stored = try String(contentsOfFile: app.people.path, encoding: .utf8)
        #expect(!stored.contains(link) && stored.contains(ContentHash.of(link)), "only the hash is kept")
        let mode = try FileManager.default.attributesOfItem(atPath: app.people.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        try await Application(router: app.router()).test(.router) { client in
            try await client.execute(uri: "/?token=\(link)", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.setCookie]?.contains("\(ReviewApp.tokenCookie)=\(link);") == true)
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "\(ReviewApp.tokenCookie)=\(link)"]) { response in
                #expect(String(buffer: response.body).contains("Signed in as <b>Jonas Weber (editor)</b>"))
            }
            let (headers, body) = action("approve", "de", folder: root, token: link)
            try await client.execute(uri: "/action", method: .post, headers: headers, body: body) { #expect($0.status == .ok) }
            #expect(try approvedBy("de", root) == "Jonas Weber", "the approval carries the account's name")
            // Invited again: a new link, the old one no longer works.
            let renewed = try app.people.invite(Person(name: "Jonas Weber", role: .viewer), by: nil, at: Date(timeIntervalSince1970: 1))
            #expect(renewed != link)
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "\(ReviewApp.tokenCookie)=\(link)"]) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/?token=\(link)", method: .get) { #expect($0.status == .forbidden) }
            #expect(try app.people.revoke("Jonas Weber"))
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "\(ReviewApp.tokenCookie)=\(renewed)"]) { #expect($0.status == .unauthorized) }
            #expect(try !app.people.revoke("Jonas Weber"))
        }
    }

    @Test("A translator approves, rejects and edits only her languages' translations (never the record's own language); her page shows actions only there; bulk approval takes only hers")
    func translator() async throws {
        let (folder, app) = try project()
        defer { withExtendedLifetime(folder) {} }
        let root = folder.path
        let link = try app.people.invite(Person(name: "Giulia Rossi", role: .translator, languages: ["fr", "it"]), by: nil, at: Date())
        try await Application(router: app.router()).test(.router) { client in
            var (headers, body) = action("approve", "it", folder: root, token: link)
            try await client.execute(uri: "/action", method: .post, headers: headers, body: body) { #expect($0.status == .ok) }
            #expect(try approvedBy("it", root) == "Giulia Rossi")
            for language in ["de", "fr"] {
                (headers, body) = action("approve", language, folder: root, token: link)
                try await client.execute(uri: "/action", method: .post, headers: headers, body: body) { response in
                    #expect(response.status == .forbidden, "\(language)")
                    #expect(String(buffer: response.body).contains("not among Giulia Rossi's translations"))
                }
                #expect(try approvedBy(language, root) == nil, "\(language): nothing written")
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "\(ReviewApp.tokenCookie)=\(link)"]) { response in
                let page = String(buffer: response.body)
                #expect(page.components(separatedBy: "<form class=\"actions\"").count - 1 == 1, "actions on the Italian draft only")
                #expect(page.contains(#"data-language="it" data-audience="general""#) && page.contains(#"data-mine="true""#))
                #expect(page.components(separatedBy: #"data-mine="false""#).count - 1 == 2, "French (the source) and German are not hers")
            }
            // Undo her approval, then approve every draft shown: only the Italian one is hers.
            (headers, body) = post([("csrf", Self.csrf)], token: link)
            try await client.execute(uri: "/undo", method: .post, headers: headers, body: body) { #expect($0.status == .ok) }
            (headers, body) = post([("csrf", Self.csrf), ("back", ""), ("confirm", "1")], token: link)
            try await client.execute(uri: "/bulk", method: .post, headers: headers, body: body) { response in
                let answer = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any] ?? [:]
                #expect(answer["approved"] as? Int == 1, "\(answer)")
            }
            #expect(try approvedBy("it", root) == "Giulia Rossi" && approvedBy("de", root) == nil && approvedBy("fr", root) == nil)
        }
    }

    @Test("A viewer reads: no action, no bulk, no comment is taken, and her page has no forms")
    func viewer() async throws {
        let (folder, app) = try project()
        defer { withExtendedLifetime(folder) {} }
        let root = folder.path
        let link = try app.people.invite(Person(name: "Paul", role: .viewer), by: nil, at: Date())
        try await Application(router: app.router()).test(.router) { client in
            var (headers, body) = action("approve", "de", folder: root, token: link)
            try await client.execute(uri: "/action", method: .post, headers: headers, body: body) { #expect($0.status == .forbidden) }
            (headers, body) = post([("csrf", Self.csrf), ("confirm", "1")], token: link)
            try await client.execute(uri: "/bulk", method: .post, headers: headers, body: body) { #expect($0.status == .forbidden) }
            (headers, body) = post([("csrf", Self.csrf), ("artwork", Self.artwork), ("draft", "draft.general.de.md"), ("text", "Bonjour")], token: link)
            try await client.execute(uri: "/comment", method: .post, headers: headers, body: body) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "\(ReviewApp.tokenCookie)=\(link)"]) { response in
                let page = String(buffer: response.body)
                #expect(!page.contains("<form class=\"actions\"") && !page.contains("<form class=\"comment\"") && !page.contains(#"id="bulk-approve""#))
                #expect(page.contains("Signed in as <b>Paul (viewer)</b>"))
            }
        }
        #expect(try approvedBy("de", root) == nil)
        #expect(!FileManager.default.fileExists(atPath: folder.file("output/\(Self.artwork)/comments.general.de.jsonl")))
    }

    @Test("A draft's comment thread: each comment with its author and time, kept beside the draft and in the audit trail; a rejection's note is one of them and still in review_note")
    func comments() async throws {
        let (folder, app) = try project()
        defer { withExtendedLifetime(folder) {} }
        let root = folder.path
        let link = try app.people.invite(Person(name: "Jonas Weber", role: .editor), by: nil, at: Date())
        try await Application(router: app.router()).test(.router) { client in
            var (headers, body) = post([("csrf", Self.csrf), ("artwork", Self.artwork), ("draft", "draft.general.de.md"),
                                        ("text", "Is \"Hafen\" right here? <b>bold</b>")], token: link)
            try await client.execute(uri: "/comment", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .ok)
                let answer = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any] ?? [:]
                let section = answer["section"] as? String ?? ""
                #expect(section.contains("<b>Jonas Weber</b> <time>2027-01-15T08:00:00Z</time>"), "\(section)")
                #expect(section.contains("&lt;b&gt;bold&lt;/b&gt;") && !section.contains("<b>bold</b>"), "comment text is inert")
            }
            (headers, body) = action("reject", "de", folder: root, token: Self.token, note: "Kürzer, bitte.")
            try await client.execute(uri: "/action", method: .post, headers: headers, body: body) { #expect($0.status == .ok) }
            (headers, body) = post([("csrf", Self.csrf), ("artwork", Self.artwork), ("draft", "draft.general.de.md"), ("text", "   ")], token: link)
            try await client.execute(uri: "/comment", method: .post, headers: headers, body: body) { #expect($0.status == .badRequest) }
            (headers, body) = post([("csrf", Self.csrf), ("artwork", "../etc"), ("draft", "draft.general.de.md"), ("text", "x")], token: link)
            try await client.execute(uri: "/comment", method: .post, headers: headers, body: body) { #expect($0.status == .badRequest) }
        }
        let thread = CommentThread(layout: app.layout, artwork: Self.artwork, draft: DraftName(audience: "general", language: "de"))!
        #expect(thread.path == folder.file("output/\(Self.artwork)/comments.general.de.jsonl"))
        #expect(thread.comments().map(\.by) == ["Jonas Weber", "Claire Martin"])
        #expect(thread.comments().last?.rejection == true && thread.comments().last?.text == "Kürzer, bitte.")
        #expect(try DraftDocument.read(at: folder.file("output/\(Self.artwork)/draft.general.de.md")).frontMatter.reviewNote == "Kürzer, bitte.")
        // Each comment is in the audit trail (who, when, the thread's versions), and none is undone by `u`.
        let trail = AuditTrail(root: app.layout.root).entries()
        #expect(trail.filter { $0.action == .comment }.map(\.by) == ["Jonas Weber", "Claire Martin"])
        #expect(trail.first { $0.action == .comment }?.file == "\(Self.artwork)/comments.general.de.jsonl")
        // The thread is not an output: the folder's outputs are the three drafts.
        #expect(app.layout.draftNames(for: Self.artwork).count == 3)
    }

    @Test("Behind a sign-on proxy the trusted header names the person: her invitation's role, a viewer if not invited; without it, no one")
    func trustedHeader() async throws {
        var (folder, app) = try project()
        defer { withExtendedLifetime(folder) {} }
        let root = folder.path
        app.trustedHeader = "X-Forwarded-User"
        app.publicOrigin = "https://review.example.org"
        _ = try app.people.invite(Person(name: "jonas", role: .editor), by: nil, at: Date())
        try await Application(router: app.router()).test(.router) { client in
            var (headers, body) = action("approve", "de", folder: root, token: "")
            headers[.cookie] = nil
            headers[HTTPField.Name("X-Forwarded-User")!] = "jonas"
            headers[.origin] = "https://review.example.org"
            try await client.execute(uri: "/action", method: .post, headers: headers, body: body) { #expect($0.status == .ok) }
            #expect(try approvedBy("de", root) == "jonas")
            (headers, body) = action("approve", "it", folder: root, token: "")
            headers[.cookie] = nil
            headers[HTTPField.Name("X-Forwarded-User")!] = "mallory"
            try await client.execute(uri: "/action", method: .post, headers: headers, body: body) { #expect($0.status == .forbidden, "not invited: reads only") }
            try await client.execute(uri: "/", method: .get) { #expect($0.status == .unauthorized, "no header, no token: no one") }
            try await client.execute(uri: "/", method: .get, headers: [HTTPField.Name("X-Forwarded-User")!: "jonas"]) { #expect($0.status == .ok) }
        }
    }

    @Test("The public address a proxy serves is admitted as a Host, beside this machine's names; another is not")
    func publicHost() {
        let check = RequestOriginCheck<SignedInContext>(exposed: false, publicOrigin: "https://review.example.org")
        #expect(check.admits("review.example.org") && check.admits("127.0.0.1:8080") && check.admits("localhost"))
        #expect(!check.admits("attacker.example") && !RequestOriginCheck<SignedInContext>(exposed: false).admits("review.example.org"))
    }

    @Test("The \"mine\" filter shows what is assigned: a translator's languages (not the source), an editor's audiences")
    func mine() throws {
        let giulia = Person(name: "Giulia", role: .translator, languages: ["fr", "it"])
        #expect(giulia.isAssigned(DraftName(audience: "general", language: "it"), source: "fr"))
        #expect(!giulia.isAssigned(DraftName(audience: "general", language: "fr"), source: "fr"))
        #expect(!giulia.isAssigned(DraftName(audience: "general", language: "de"), source: "fr"))
        #expect(giulia.isAssigned(DraftName(.seo, language: "it"), source: "fr"))
        let jonas = Person(name: "Jonas", role: .editor, audiences: ["children"])
        #expect(jonas.isAssigned(DraftName(audience: "children", language: "fr"), source: "fr"))
        #expect(!jonas.isAssigned(DraftName(audience: "general", language: "fr"), source: "fr"))
        #expect(jonas.mayChange(DraftName(audience: "general", language: "fr"), source: "fr"), "an editor's assignment is not a limit")
        let query = ReviewQuery(queryString: "mine=1")
        #expect(query.mine && query.queryString().contains("mine=1"))
    }
}
