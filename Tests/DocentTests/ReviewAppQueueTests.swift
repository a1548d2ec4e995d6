import Foundation
import Hummingbird
import HummingbirdTesting
import Project
import Review
@testable import ReviewApp
import Testing
import Domain

/// `docent review` pages the queue: the counts are the folder's, the filters and the order
/// apply to the whole folder, and only a page of artworks is rendered.
@Suite("docent review: the queue in pages", .serialized)
struct ReviewAppQueueTests {
    static let token = String(repeating: "a", count: 64)
    static let csrf = String(repeating: "c", count: 64)
    var cookie: String { "\(ReviewApp.tokenCookie)=\(Self.token)" }

    /// 120 artworks `art-000` … `art-119`, one French draft each: every 10th approved, every
    /// 7th with an error check, art-117 stale (a proposal beside it).
    func project() throws -> (TemporaryFolder, ReviewApp) {
        let folder = try TemporaryFolder()
        try folder.write("""
            {"institution": {"name": "Musée de Test"}, "sources": {"artworks": ["artworks"]},
             "source_language": "fr", "languages": [], "audiences": ["general"]}
            """, to: "pipeline.json")
        try folder.write("[]", to: "artworks/none.json")
        for index in 0..<120 {
            let id = String(format: "art-%03d", index)
            let body = "Texte numéro \(index) sur une marine."
            var front = DraftFrontMatter(
                artwork: id, stage: "draft", audience: "general", language: "fr", generatedAt: "2026-12-01T10:00:00Z",
                generator: DraftGenerator(provider: "openai", model: "m", prompt: "p", style: nil), inputs: "sha256:\(index)",
                body: ContentHash.ofBody(body),
                checks: index % 7 == 0 ? [Finding("grounding", .error, "year 1642 is not in the record", line: 1, column: 1, excerpt: "Texte")] : [])
            if index % 10 == 0 { (front.approved, front.approvedBy) = (true, "Ana") }
            try folder.write(DraftDocument(frontMatter: front, body: body).rendered(), to: "output/\(id)/draft.general.fr.md")
            if index == 117 {
                try folder.write(DraftDocument(frontMatter: front, body: "Un texte nouveau.").rendered(), to: "output/\(id)/draft.general.fr.proposed.md")
            }
        }
        let (config, layout) = try Workspace.config(path: folder.file("pipeline.json"), overrides: .init())
        return (folder, ReviewApp(config: config, layout: layout, owner: Person(name: "Ana", role: .editor), token: Self.token, csrf: Self.csrf,
                                  clock: { Date(timeIntervalSince1970: 1_800_000_000) }))
    }

    /// The artwork sections of a page, in order.
    static func sections(_ page: String) -> [String] {
        page.matches(of: /<section class="artwork" id="([^"]+)"/).map { String($0.1) }
    }

    @Test("The first page: the needs-attention order over the whole folder, 50 artworks, the folder's counts, a link to the next page")
    func firstPage() async throws {
        let (folder, app) = try project()
        defer { withExtendedLifetime(folder) {} }
        try await Application(router: app.router()).test(.router) { client in
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                let page = String(buffer: response.body)
                let ids = Self.sections(page)
                #expect(ids.count == ReviewQuery.pageSize)
                // Stale first (art-117), then the flagged (every 7th, by id), then the unapproved.
                #expect(ids.prefix(3) == ["art-117", "art-000", "art-007"], "\(ids.prefix(3))")
                #expect(page.contains("<li><b>120</b> drafts</li>") && page.contains("<li><b>12</b> approved</li>"))
                #expect(page.contains("artworks 1–50 of 120 · page 1 of 3"))
                #expect(page.contains(#"id="next-page""#) && !page.contains(#"id="previous-page""#))
                // The actions come back to this page.
                #expect(page.contains(#"name="back" value="queue=1&amp;page=1""#))
            }
        }
    }

    @Test("Filters apply to the whole folder before paging; a page past the end shows the last; an action returns to its page")
    func filtersAndPages() async throws {
        let (folder, app) = try project()
        defer { withExtendedLifetime(folder) {} }
        let path = folder.file("output/art-021/draft.general.fr.md")
        try await Application(router: app.router()).test(.router) { client in
            try await client.execute(uri: "/?flagged=1&queue=0&page=1", method: .get, headers: [.cookie: cookie]) { response in
                let ids = Self.sections(String(buffer: response.body))
                #expect(ids == stride(from: 0, to: 120, by: 7).map { String(format: "art-%03d", $0) })
                #expect(String(buffer: response.body).contains("artworks 1–18 of 18 matching · page 1 of 1"))
            }
            try await client.execute(uri: "/?check=grounding&unapproved=1&q=num%C3%A9ro+21&queue=0", method: .get, headers: [.cookie: cookie]) { response in
                #expect(Self.sections(String(buffer: response.body)) == ["art-021"])
            }
            try await client.execute(uri: "/?queue=0&page=9", method: .get, headers: [.cookie: cookie]) { response in
                let page = String(buffer: response.body)
                #expect(Self.sections(page) == (100..<120).map { String(format: "art-%03d", $0) })
                #expect(page.contains("artworks 101–120 of 120 · page 3 of 3") && page.contains(#"href="/?queue=0&amp;page=2""#))
            }
            let body = ByteBuffer(string: [("csrf", Self.csrf), ("artwork", "art-021"), ("draft", "draft.general.fr.md"),
                                           ("version", ApprovalDesk.version(of: path)), ("action", "approve"),
                                           ("back", "flagged=1&queue=0&page=1&evil=https://example.org")]
                .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&"))
            var headers = HTTPFields()
            headers[.contentType] = "application/x-www-form-urlencoded"
            headers[.cookie] = cookie
            try await client.execute(uri: "/action", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
                // Rebuilt from the query: only the filters, nothing else carried over.
                #expect(response.headers[.location] == "/?flagged=1&queue=0&page=1#art-021")
            }
        }
        #expect(try DraftDocument.read(at: path).frontMatter.approvedBy == "Ana")
    }
}
