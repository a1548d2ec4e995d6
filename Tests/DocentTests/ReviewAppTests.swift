import Domain
import Catalog
import Foundation
import Hummingbird
import LLM
import HummingbirdTesting
import Pipeline
import Project
import Review
@testable import ReviewApp
import Testing

/// `docent review`'s routes, through Hummingbird's testing client: the files on disk are what
/// each test checks.
@Suite("docent review: the review app", .serialized)
struct ReviewAppTests {
    static let token = String(repeating: "a", count: 64)
    static let csrf = String(repeating: "c", count: 64)
    static let artwork = "harbour"
    static let draft = "draft.general.fr.md"

    /// A project whose output holds one draft, with script and markup in its text.
    func project() throws -> (TemporaryFolder, ReviewApp) {
        let folder = try TemporaryFolder()
        try folder.write("""
            {"institution": {"name": "Musée <b>de</b> Test"}, "sources": {"artworks": ["artworks"]},
             "source_language": "fr", "languages": [], "audiences": ["general"]}
            """, to: "pipeline.json")
        try folder.write("[]", to: "artworks/none.json")
        let document = DraftDocument(frontMatter: DraftFrontMatter(
            artwork: Self.artwork, stage: "draft", audience: "general", language: "fr", generatedAt: "2026-12-01T10:00:00Z",
            generator: DraftGenerator(provider: "openai", model: "m", prompt: "p", style: nil),
            inputs: "sha256:1", body: ContentHash.ofBody(Self.body), checks: [], reviewNote: nil), body: Self.body)
        try folder.write(document.rendered(), to: "output/\(Self.artwork)/\(Self.draft)")
        let (config, layout) = try Workspace.config(path: folder.file("pipeline.json"), overrides: .init())
        return (folder, ReviewApp(config: config, layout: layout, owner: Person(name: "María", role: .editor), token: Self.token, csrf: Self.csrf,
                                  clock: { Date(timeIntervalSince1970: 1_800_000_000) }))
    }

    static let body = "Des barques rentrent au port. <script>alert('model')</script> <img src=x onerror=alert(1)>"

    var cookie: String { "\(ReviewApp.tokenCookie)=\(Self.token)" }

    func form(_ fields: [(String, String)]) -> ByteBuffer {
        ByteBuffer(string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&"))
    }

    func headers(cookie: String?) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded"
        if let cookie { headers[.cookie] = cookie }
        return headers
    }

    func action(_ action: String, version: String, csrf: String = csrf, artwork: String = artwork, extra: [(String, String)] = []) -> ByteBuffer {
        form([("csrf", csrf), ("artwork", artwork), ("draft", Self.draft), ("version", version), ("action", action)] + extra)
    }

    func file(_ folder: TemporaryFolder) throws -> String { try folder.read("output/\(Self.artwork)/\(Self.draft)") }

    static func draftPath(_ folder: TemporaryFolder) -> String { folder.file("output/\(artwork)/\(draft)") }

    /// The draft file's text (a path: the testing client's closures take only Sendable values).
    static func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test("Without the token every request is refused; the token in the URL sets an HttpOnly, SameSite=Strict cookie")
    func token() async throws {
        let (folder, app) = try project()
        defer { withExtendedLifetime(folder) {} }
        try await Application(router: app.router()).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/?token=wrong", method: .get) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "\(ReviewApp.tokenCookie)=wrong"]) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/action", method: .post, headers: headers(cookie: nil), body: action("approve", version: "x")) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/?token=\(Self.token)", method: .get) { response in
                #expect(response.status == .seeOther)
                let setCookie = response.headers[.setCookie] ?? ""
                #expect(setCookie.contains("\(ReviewApp.tokenCookie)=\(Self.token)") && setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), "\(setCookie)")
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains(#"name="csrf" value="\#(Self.csrf)""#))
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            }
        }
    }

    @Test("HTML and script in model output and the institution name are inert on the page and in the edit box")
    func inert() async throws {
        let (folder, app) = try project()
        defer { withExtendedLifetime(folder) {} }
        try await Application(router: app.router()).test(.router) { client in
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("Des barques rentrent"), "the draft is on the page")
                #expect(!page.contains("<script>alert"), "model output became markup")
                #expect(!page.contains("<img src=x"))
                #expect(page.contains("&lt;script&gt;alert"))
                #expect(!page.contains("Musée <b>de</b>"))
            }
        }
    }

    @Test("An artwork folder no record named at the last run is shown, marked, with its actions")
    func retired() async throws {
        let (folder, app) = try project()
        defer { withExtendedLifetime(folder) {} }
        var report = RunReport(startedAt: "2026-12-01T10:00:00Z", finishedAt: "2026-12-01T10:00:01Z",
                               generator: ModelDescriptor(provider: .offline, model: "m"), recordIssues: [], jobs: [])
        report.retiredArtworks = [Self.artwork]
        try folder.write(String(decoding: try report.encoded(), as: UTF8.self), to: "output/report.json")
        try await Application(router: app.router()).test(.router) { client in
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                let page = String(buffer: response.body)
                #expect(page.contains(#"<p class="retired">No record has this id any more (at the last run)"#), "\(page)")
                #expect(page.contains(#"value="approve""#), "its drafts can still be approved")
            }
        }
    }

    @Test("The page asks for the folder's state; /state changes when a draft is written in place or replaced, not when output/index.html is")
    func folderState() async throws {
        let (folder, app) = try project()
        defer { withExtendedLifetime(folder) {} }
        let draftPath = Self.draftPath(folder)
        let indexPath = folder.file("output/index.html")
        let historyFolder = folder.file("output/.history/\(Self.artwork)")
        try await Application(router: app.router()).test(.router) { client in
            try await client.execute(uri: "/state", method: .get) { #expect($0.status == .unauthorized) }
            let loaded = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                String(buffer: response.body)
            }
            let state = try await client.execute(uri: "/state", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.headers[.cacheControl] == "no-store")
                return String(buffer: response.body).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            #expect(state.count == 32)
            #expect(loaded.contains(#"fetch("/state""#), "the page asks for the state when loaded, and then every few seconds")
            let script = try #require(loaded.range(of: #"fetch("/state""#))
            let end = try #require(loaded.range(of: "</body>", options: .backwards))
            #expect(script.lowerBound < end.lowerBound, "the app's script is in the body, whatever the project's templates")
            try "<p>the static page</p>".write(toFile: indexPath, atomically: true, encoding: .utf8)
            try FileManager.default.createDirectory(atPath: historyFolder, withIntermediateDirectories: true)
            try "old".write(toFile: historyFolder + "/draft.general.fr.x.md", atomically: true, encoding: .utf8)
            let unchanged = try await client.execute(uri: "/state", method: .get, headers: [.cookie: cookie]) {
                String(buffer: $0.body).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            #expect(unchanged == state, "output/index.html and .history/ are not what the page shows")
            // Written in place by a text editor (same inode), one byte longer.
            let handle = try #require(FileHandle(forWritingAtPath: draftPath))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("\n".utf8))
            try handle.close()
            let changed = try await client.execute(uri: "/state", method: .get, headers: [.cookie: cookie]) {
                String(buffer: $0.body).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            #expect(changed != state)
        }
    }

    @Test("A missing or wrong CSRF token is refused and nothing is written")
    func csrfRefused() async throws {
        let (folder, app) = try project()
        let path = Self.draftPath(folder)
        let before = try file(folder)
        try await Application(router: app.router()).test(.router) { client in
            for csrf in ["", "wrong"] {
                try await client.execute(uri: "/action", method: .post, headers: headers(cookie: cookie),
                                         body: action("approve", version: ApprovalDesk.version(of: path), csrf: csrf)) { #expect($0.status == .forbidden) }
            }
        }
        #expect(try file(folder) == before)
    }

    @Test("Approve (in the signed-in person's name), reject with a note, edit: the same files as the CLI writes")
    func actions() async throws {
        let (folder, app) = try project()
        let path = Self.draftPath(folder)
        try await Application(router: app.router()).test(.router) { client in
            try await client.execute(uri: "/action", method: .post, headers: headers(cookie: cookie), body: action("approve", version: ApprovalDesk.version(of: path))) {
                #expect($0.status == .seeOther)
            }
            var document = try DraftDocument.parse(try Self.text(path))
            #expect(document.frontMatter.approved && document.frontMatter.approvedBy == "María")
            #expect(document.body.contains("Des barques"))

            try await client.execute(uri: "/action", method: .post, headers: headers(cookie: cookie),
                                     body: action("reject", version: ApprovalDesk.version(of: path), extra: [("note", "Plus court, sans le phare.")])) {
                #expect($0.status == .seeOther)
            }
            document = try DraftDocument.parse(try Self.text(path))
            #expect(!document.frontMatter.approved && document.frontMatter.reviewNote == "Plus court, sans le phare.")

            try await client.execute(uri: "/action", method: .post, headers: headers(cookie: cookie),
                                     body: action("edit", version: ApprovalDesk.version(of: path), extra: [("text", "Un texte revu\r\npar l'éditrice.")])) {
                #expect($0.status == .seeOther)
            }
            document = try DraftDocument.parse(try Self.text(path))
            #expect(document.body.trimmingCharacters(in: .whitespacesAndNewlines) == "Un texte revu\npar l'éditrice.")
            #expect(document.isEdited, "an edited draft is never overwritten by a run")
            #expect(document.frontMatter.reviewNote == "Plus court, sans le phare.", "the front matter is kept")
        }
    }

    @Test("The static page for readers follows the app's actions: rendered again after one (in the background), not after a refused one")
    func staticPageFollows() async throws {
        let (folder, app) = try project()
        let path = Self.draftPath(folder)
        let index = folder.file("output/index.html")
        try await Application(router: app.router()).test(.router) { client in
            try await client.execute(uri: "/action", method: .post, headers: headers(cookie: cookie), body: action("approve", version: "sha256:old")) {
                #expect($0.status == .conflict)
            }
            await app.staticPage.refreshIfChanged()
            #expect(!FileManager.default.fileExists(atPath: index), "nothing changed: nothing rendered")
            try await client.execute(uri: "/action", method: .post, headers: headers(cookie: cookie), body: action("approve", version: ApprovalDesk.version(of: path))) {
                #expect($0.status == .seeOther)
            }
        }
        // What the background writer does after the action.
        await app.staticPage.refreshIfChanged()
        let page = try String(contentsOfFile: index, encoding: .utf8)
        #expect(page.contains("<b>1</b> approved"), "\(page.prefix(2000))")
        #expect(!page.contains(Self.csrf) && !page.contains("<form class=\"actions\""), "the static page has no actions and no token")
    }

    @Test("A file changed since the page was loaded: 409 with both versions, nothing written")
    func conflict() async throws {
        let (folder, app) = try project()
        let path = Self.draftPath(folder)
        let loaded = ApprovalDesk.version(of: path)
        // A run (or a text editor) changes the file meanwhile.
        let changed = try file(folder).replacingOccurrences(of: "Des barques", with: "Les barques")
        try folder.write(changed, to: "output/\(Self.artwork)/\(Self.draft)")
        try await Application(router: app.router()).test(.router) { client in
            for (name, extra) in [("approve", []), ("edit", [("text", "Mon <b>texte</b>")])] as [(String, [(String, String)])] {
                try await client.execute(uri: "/action", method: .post, headers: headers(cookie: cookie), body: action(name, version: loaded, extra: extra)) { response in
                    #expect(response.status == .conflict)
                    let page = String(buffer: response.body)
                    #expect(page.contains("Les barques"), "the file as it is now")
                    if name == "edit" { #expect(page.contains("Mon &lt;b&gt;texte&lt;/b&gt;"), "the editor's version, inert") }
                }
            }
        }
        #expect(try file(folder) == changed)
    }

    @Test("Artwork ids and draft names that are not one are refused before any path is made", arguments: [
        ("../../etc", "draft.general.fr.md"), ("/tmp", "draft.general.fr.md"), ("harbour", "../record.json"), ("harbour", "draft.general.fr.proposed.md"),
    ])
    func traversal(artwork: String, draft: String) async throws {
        let (folder, app) = try project()
        let path = Self.draftPath(folder)
        let before = try file(folder)
        try await Application(router: app.router()).test(.router) { client in
            let body = form([("csrf", Self.csrf), ("artwork", artwork), ("draft", draft), ("version", ApprovalDesk.version(of: path)), ("action", "edit"), ("text", "x")])
            try await client.execute(uri: "/action", method: .post, headers: headers(cookie: cookie), body: body) {
                #expect($0.status == .badRequest || $0.status == .notFound)
            }
        }
        #expect(try file(folder) == before)
    }

    @Test("Accept a proposal (the old draft to .history/), or keep mine (the proposal to .history/, the draft now for its inputs)",
          arguments: ["accept", "keep"])
    func proposal(choice: String) async throws {
        let (folder, app) = try project()
        let path = Self.draftPath(folder)
        let current = try file(folder)
        let proposal = current.replacingOccurrences(of: "Des barques", with: "De nouvelles barques")
            .replacingOccurrences(of: "inputs: \"sha256:1\"", with: "inputs: \"sha256:2\"")
        try folder.write(proposal, to: "output/\(Self.artwork)/draft.general.fr.proposed.md")
        try await Application(router: app.router()).test(.router) { client in
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                #expect(String(buffer: response.body).contains(#"value="accept""#))
            }
            try await client.execute(uri: "/action", method: .post, headers: headers(cookie: cookie), body: action(choice, version: ApprovalDesk.version(of: path))) {
                #expect($0.status == .seeOther)
            }
        }
        #expect(!folder.exists("output/\(Self.artwork)/draft.general.fr.proposed.md"))
        let history = try FileManager.default.contentsOfDirectory(atPath: folder.file("output/.history/\(Self.artwork)"))
        #expect(history.count == 1, "\(history)")
        let document = try DraftDocument.parse(try Self.text(path))
        if choice == "accept" {
            #expect(document.body.contains("De nouvelles barques"))
        } else {
            #expect(document.body.contains("Des barques") && document.frontMatter.inputs == "sha256:2")
        }
    }

    @Test("The record's image is served for the page, and nothing else is")
    func image() async throws {
        let (folder, app) = try project()
        defer { withExtendedLifetime(folder) {} }
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        try FileManager.default.createDirectory(atPath: folder.file("images"), withIntermediateDirectories: true)
        try png.write(to: URL(fileURLWithPath: folder.file("images/harbour.png")))
        let record = Artwork(id: Self.artwork, title: "Le Port", image: ArtworkImage(path: "images/harbour.png", alt: "Le port <b>"), language: "fr")
        try folder.write(String(decoding: try JSONEncoder().encode(record), as: UTF8.self), to: "output/\(Self.artwork)/record.json")
        try await Application(router: app.router()).test(.router) { client in
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                #expect(String(buffer: response.body).contains(#"src="/image?artwork=harbour""#))
            }
            try await client.execute(uri: "/image?artwork=harbour", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "image/png")
                #expect(Data(buffer: response.body) == png)
            }
            for id in ["..%2F..%2Fetc", "nobody", ""] {
                try await client.execute(uri: "/image?artwork=\(id)", method: .get, headers: [.cookie: cookie]) { #expect($0.status == .notFound) }
            }
            try await client.execute(uri: "/image?artwork=harbour", method: .get) { #expect($0.status == .unauthorized) }
        }
    }

    @Test("A record's image on the web (a collection's image server) is shown from there, lazily and without a referrer; a javascript: or data: URL never reaches the page",
          arguments: [("https://images.example.org/harbour.jpg?size=640&v=2", true), ("http://www.tate.org.uk/art/images/work/N/N01/N01506_8.jpg", true),
                      ("javascript:alert(1)", false), ("data:image/svg+xml,<svg onload=alert(1)>", false), ("https:///no-host.jpg", false)])
    func remoteImage(url: String, shown: Bool) async throws {
        let (folder, app) = try project()
        defer { withExtendedLifetime(folder) {} }
        let record = Artwork(id: Self.artwork, title: "Le Port", image: ArtworkImage(path: url, alt: "Le port"), language: "fr")
        try folder.write(String(decoding: try JSONEncoder().encode(record), as: UTF8.self), to: "output/\(Self.artwork)/record.json")
        let escaped = url.replacingOccurrences(of: "&", with: "&amp;")
        try await Application(router: app.router()).test(.router) { client in
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                let page = String(buffer: response.body)
                #expect(page.contains(#"<img src="\#(escaped)" alt="Le port" loading="lazy" referrerpolicy="no-referrer">"#) == shown)
                #expect(page.contains("<img") == shown)
                #expect(response.headers[.contentSecurityPolicy]?.contains("img-src 'self' data: http: https:") == true)
            }
        }
        // The static page shows the same image.
        let page = ReviewPage(config: app.config, layout: app.layout, failures: [], clock: Date(timeIntervalSince1970: 0))
        let html = String(decoding: try page.renderData(), as: UTF8.self)
        #expect(html.contains(#"src="\#(escaped)""#) == shown)
    }

    @Test("Approve all shown: first how many (and with what), then, confirmed, each in the signed-in person's name; nothing for a token that signs no one in")
    func bulkApproval() async throws {
        let (folder, app) = try project()
        defer { withExtendedLifetime(folder) {} }
        let path = Self.draftPath(folder)
        try await Application(router: app.router()).test(.router) { client in
            let stranger = headers(cookie: "\(ReviewApp.tokenCookie)=\(String(repeating: "f", count: 64))")
            try await client.execute(uri: "/bulk", method: .post, headers: stranger, body: form([("csrf", Self.csrf), ("back", "audience=general")])) {
                #expect($0.status == .unauthorized, "no one signed in: nothing approved")
            }
            try await client.execute(uri: "/bulk", method: .post, headers: headers(cookie: cookie), body: form([("csrf", Self.csrf), ("back", "audience=general")])) { response in
                let answer = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any] ?? [:]
                #expect(answer["count"] as? Int == 1 && answer["approved"] == nil, "\(answer)")
            }
            #expect(!(try Self.text(path).contains("approved: true")), "counted, not approved")
            try await client.execute(uri: "/bulk", method: .post, headers: headers(cookie: cookie),
                                     body: form([("csrf", Self.csrf), ("back", "audience=children"), ("confirm", "1")])) { response in
                let answer = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any] ?? [:]
                #expect(answer["approved"] as? Int == 0, "another filter shows nothing: \(answer)")
            }
            try await client.execute(uri: "/bulk", method: .post, headers: headers(cookie: cookie),
                                     body: form([("csrf", Self.csrf), ("back", "audience=general"), ("confirm", "1")])) { response in
                let answer = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any] ?? [:]
                #expect(answer["approved"] as? Int == 1, "\(answer)")
            }
        }
        #expect(try Self.text(path).contains("approved: true") && Self.text(path).contains("María"))
    }

    @Test("Asked by the page's script, an action answers with the artwork's card as it is now, or with the error to show on the card (a conflict with the file now): never a page; --as names the approver when the browser has not")
    func inPage() async throws {
        var (folder, app) = try project()
        defer { withExtendedLifetime(folder) {} }
        app.owner = Person(name: "Claire Martin", role: .editor)
        let path = Self.draftPath(folder)
        let stale = ApprovalDesk.version(of: path)
        try await Application(router: app.router()).test(.router) { client in
            var json = headers(cookie: "\(ReviewApp.tokenCookie)=\(Self.token)")
            json[.accept] = "application/json"
            try await client.execute(uri: "/action", method: .post, headers: json, body: action("reject", version: stale)) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(String(buffer: response.body).contains("a rejection needs a note"))
            }
            try await client.execute(uri: "/action", method: .post, headers: json, body: action("approve", version: stale)) { response in
                #expect(response.status == .ok)
                let answer = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                let section = answer?["section"] as? String ?? ""
                #expect(section.hasPrefix("<section class=\"artwork") && section.contains("badge approved") && section.contains("by Claire Martin"), "\(section.prefix(400))")
                #expect(!section.contains("<script>alert"), "model text stays inert in the card")
                #expect(section.contains("<summary>History</summary>") && section.contains(": approve by Claire Martin</li>"), "the card's history from the audit trail")
            }
            #expect(try Self.text(path).contains("approved_by: \"Claire Martin\"") || Self.text(path).contains("approved_by: Claire Martin"))
            try await client.execute(uri: "/action", method: .post, headers: json, body: action("edit", version: stale, extra: [("text", "Autre texte.")])) { response in
                #expect(response.status == .conflict)
                let answer = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any] ?? [:]
                let error = answer["error"] as? String ?? "", current = answer["current"] as? String ?? ""
                #expect(error.contains("changed since the page was loaded"), "\(error)")
                #expect(current.contains("Claire Martin"), "\(current)")
                let added = (answer["diff"] as? [[String: String]] ?? []).compactMap { $0["added"] }.joined()
                #expect(added.contains("Autre texte."), "yours against theirs, word by word: \(answer["diff"] ?? "")")
                #expect(answer["version"] as? String == ApprovalDesk.version(of: path), "the version to save over (use mine)")
            }
            #expect(!(try Self.text(path).contains("Autre texte.")), "nothing written on a conflict")
        }
    }
}
