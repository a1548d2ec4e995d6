import Foundation
import Hummingbird
import HummingbirdTesting
import Pipeline
import Project
import Review
@testable import ReviewApp
import Testing

/// SEO data and subtitles in `docent review`: shown, edited and approved like drafts.
@Suite("docent review: SEO data and subtitles", .serialized)
struct ReviewAppOutputsTests {
    static let token = String(repeating: "a", count: 64)
    static let csrf = String(repeating: "c", count: 64)

    /// An offline run of one record with SEO data and subtitles, and the app over its output.
    func project() async throws -> (TemporaryFolder, ReviewApp) {
        let folder = try TemporaryFolder()
        try folder.write("""
            {"institution": {"name": "Musée de Test"}, "sources": {"artworks": ["artworks/works.json"]},
             "source_language": "fr", "languages": [], "audiences": ["general", "audio"],
             "stages": ["draft", "seo", "subtitles"]}
            """, to: "pipeline.json")
        try folder.copy(Repo.templates, to: "templates")
        try folder.copy(Repo.fixtures + "/records", to: "artworks")
        let run = try await DocentBinary.run(["run", "--only", "harbour-at-dawn"], in: folder.path)
        #expect(run.status == 0, "\(run.stderr)")
        let (config, layout) = try Workspace.config(path: folder.file("pipeline.json"), overrides: .init())
        return (folder, ReviewApp(config: config, layout: layout, owner: Person(name: "Claire Martin", role: .editor), token: Self.token, csrf: Self.csrf,
                                  clock: { Date(timeIntervalSince1970: 1_800_000_000) }))
    }

    var cookie: String { "\(ReviewApp.tokenCookie)=\(Self.token)" }

    func form(_ fields: [(String, String)]) -> ByteBuffer {
        ByteBuffer(string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&"))
    }

    var headers: HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers[.cookie] = cookie
        return headers
    }

    func action(_ action: String, file: String, version: String, extra: [(String, String)] = []) -> ByteBuffer {
        form([("csrf", Self.csrf), ("artwork", "harbour-at-dawn"), ("draft", file), ("version", version), ("action", action)] + extra)
    }

    @Test("The page shows the SEO data and subtitles with their fields; an edit of the SEO fields is saved in the JSON (and its JSON-LD), then approved in the editor's name")
    func editAndApproveSEO() async throws {
        let (folder, app) = try await project()
        let path = folder.file("output/harbour-at-dawn/seo.fr.json")
        try await Application(router: app.router()).test(.router) { client in
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("SEO data (title, meta description, keywords, slug, alt text)"))
                #expect(page.contains("value=\"seo.fr.json\""), "an action form for the SEO file")
                #expect(page.contains("value=\"subtitles.fr.vtt\""))
                #expect(page.contains("Slug: "))
            }
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let readable = ArtifactFormat.seoJSON.readableText(of: text)
            let edited = readable.split(separator: "\n").map { $0.hasPrefix("Slug:") ? "Slug: port-aube-marchand" : String($0) }
                .map { $0.hasPrefix("Meta description:") ? "Meta description: Le Port à l'aube d'Élise Marchand (1889) : des barques rentrent au port dans la lumière rose du matin, au musée de Test." : $0 }
                .joined(separator: "\n")
            try await client.execute(uri: "/action", method: .post, headers: headers,
                                     body: action("edit", file: "seo.fr.json", version: ApprovalDesk.version(of: path), extra: [("text", edited)])) {
                #expect($0.status == .seeOther)
            }
            let saved = try JSONSerialization.jsonObject(with: Data(try String(contentsOfFile: path, encoding: .utf8).utf8)) as? [String: Any] ?? [:]
            #expect(saved["slug"] as? String == "port-aube-marchand")
            #expect((saved["json_ld"] as? [String: Any])?["description"] as? String == saved["meta_description"] as? String)
            #expect(ArtifactFormat.seoJSON.metadata(of: try String(contentsOfFile: path, encoding: .utf8))?.isEdited == true)
            // A line that is no field: refused, with the line named, nothing written.
            let before = try String(contentsOfFile: path, encoding: .utf8)
            try await client.execute(uri: "/action", method: .post, headers: headers,
                                     body: action("edit", file: "seo.fr.json", version: ApprovalDesk.version(of: path), extra: [("text", "Colour: blue")])) {
                #expect($0.status == .badRequest)
                #expect(String(buffer: $0.body).contains("line 1"))
            }
            #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
            try await client.execute(uri: "/action", method: .post, headers: headers,
                                     body: action("approve", file: "seo.fr.json", version: ApprovalDesk.version(of: path))) {
                #expect($0.status == .seeOther)
            }
            let meta = ArtifactFormat.seoJSON.metadata(of: try String(contentsOfFile: path, encoding: .utf8))
            #expect(meta?.approved == true)
            #expect(meta?.approvedBy == "Claire Martin")
        }
    }

    @Test("Subtitles edited as cues: the WebVTT keeps its metadata, the SubRip twin follows")
    func editSubtitles() async throws {
        let (folder, app) = try await project()
        let path = folder.file("output/harbour-at-dawn/subtitles.fr.vtt")
        let srtPath = folder.file("output/harbour-at-dawn/subtitles.fr.srt")
        try await Application(router: app.router()).test(.router) { client in
            let cues = "00:00:00.000 --> 00:00:03.000\nLe Port à l'aube.\n\n00:00:03.100 --> 00:00:06.000\nDes barques rentrent."
            try await client.execute(uri: "/action", method: .post, headers: headers,
                                     body: action("edit", file: "subtitles.fr.vtt", version: ApprovalDesk.version(of: path), extra: [("text", cues)])) {
                #expect($0.status == .seeOther)
            }
            let vtt = try String(contentsOfFile: path, encoding: .utf8)
            #expect(vtt.hasPrefix("WEBVTT\n\nNOTE docent "))
            #expect(vtt.contains("00:00:03.100 --> 00:00:06.000\nDes barques rentrent."))
            #expect(ArtifactFormat.webVTT.metadata(of: vtt)?.isEdited == true)
            let srt = try String(contentsOfFile: srtPath, encoding: .utf8)
            #expect(srt == "1\n00:00:00,000 --> 00:00:03,000\nLe Port à l'aube.\n\n2\n00:00:03,100 --> 00:00:06,000\nDes barques rentrent.\n")
            try await client.execute(uri: "/action", method: .post, headers: headers,
                                     body: action("edit", file: "subtitles.fr.vtt", version: ApprovalDesk.version(of: path), extra: [("text", "no timing here")])) {
                #expect($0.status == .badRequest)
            }
        }
        // The next run keeps the editor's subtitles.
        let run = try await DocentBinary.run(["run", "--only", "harbour-at-dawn"], in: folder.path)
        #expect(run.status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("Des barques rentrent.\n"))
    }
}
