import Foundation
import Testing
@testable import Pipeline
@testable import Project
import OfflineEngine
import Review

/// Editors' commands and the CI gate, through the built binary.
@Suite("docent review commands and check", .serialized)
struct EndToEndReviewTests {
    func project(policy: Bool = true) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("""
            {
              "institution": {"name": "Musée de Test"},
              "sources": {"artworks": ["artworks/works.json"]},
              "source_language": "fr",
              "audiences": ["general"]\(policy ? #", "check": {"require_approval": {"audiences": ["general"], "languages": ["fr"]}}"# : "")
            }
            """, to: "pipeline.json")
        try folder.copy(Repo.templates, to: "templates")
        try folder.copy(Repo.fixtures + "/records", to: "artworks")
        return folder
    }

    func docent(_ arguments: String..., in folder: TemporaryFolder, environment: [String: String] = [:]) async throws -> DocentBinary.Result {
        try await DocentBinary.run(arguments, in: folder.path, environment: environment)
    }

    @Test("HTML and script payloads in every field never become markup on the review page")
    func escaping() async throws {
        let folder = try project()
        let payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
        try folder.write("""
            [{"id": "xss", "title": "\(payload)", "makers": [{"name": "\(payload)", "role": "\(payload)"}],
              "date": "\(payload)", "medium": "\(payload)", "dimensions": "\(payload)", "credit_line": "\(payload)",
              "accession_number": "\(payload)", "description": "Une description. \(payload)", "notes": "\(payload)",
              "themes": ["\(payload)"], "image": {"path": "\(payload)", "alt": "\(payload)"}}]
            """.replacingOccurrences(of: "\"<script>alert(1)</script><img src=x onerror=alert(2)>\"", with: #""<script>alert(1)</script><img src=x onerror=alert(2)>""#), to: "artworks/works.json")
        #expect(try await docent("run", in: folder).status == 0)
        try folder.write(try folder.read("output/xss/draft.general.fr.md") + "\n<script>alert('edited')</script>\n", to: "output/xss/draft.general.fr.md")
        #expect(try await docent("reject", "xss/general.fr", "--note", "<b>bold</b><script>x</script>", in: folder).status == 0)
        let page = try folder.read("output/index.html")
        #expect(page.components(separatedBy: "<script").count - 1 == 1, "only the page's own script")
        #expect(!page.contains("<img src=x"))
        #expect(!page.contains("<b>bold</b>"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("&lt;b&gt;bold&lt;/b&gt;"))
    }

    @Test("diff shows a proposal word by word; accept promotes it and keeps the old text in .history")
    func diffAndAccept() async throws {
        let folder = try project()
        #expect(try await docent("run", in: folder).status == 0)
        #expect(try await docent("approve", "oak-chest/general.fr", in: folder).status == 0)
        let old = try folder.read("output/oak-chest/draft.general.fr.md")
        try folder.write(try folder.read("artworks/works.json").replacingOccurrences(of: "orné de rinceaux", with: "orné de feuillages"), to: "artworks/works.json")
        #expect(try await docent("run", in: folder).status == 0)
        let diff = try await docent("diff", "oak-chest/general.fr", in: folder)
        #expect(diff.status == 0)
        #expect(diff.stdout.contains("[-rinceaux.-] {+feuillages.+}"), "\(diff.stdout)")
        let accept = try await docent("accept", "oak-chest/general.fr", in: folder)
        #expect(accept.status == 0, "\(accept.stderr)")
        #expect(try folder.read("output/oak-chest/draft.general.fr.md").contains("feuillages"))
        #expect(!folder.exists("output/oak-chest/draft.general.fr.proposed.md"))
        let history = try FileManager.default.contentsOfDirectory(atPath: folder.file("output/.history/oak-chest"))
        #expect(history.count == 1)
        #expect(try folder.read("output/.history/oak-chest/" + history[0]) == old)
        #expect(try await docent("accept", "oak-chest/general.fr", in: folder).status == 65, "nothing left to accept")
    }

    @Test("export writes one entry per artwork and language, as CSV (with a BOM), JSON and JSON Lines")
    func export() async throws {
        let folder = try project()
        #expect(try await docent("run", in: folder).status == 0)
        #expect(try await docent("export", "--csv", "drafts.csv", "--json", "drafts.json", "--jsonl", "drafts.jsonl", in: folder).status == 0)
        let bytes = FileManager.default.contents(atPath: folder.file("drafts.csv")) ?? Data()
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "a UTF-8 byte-order mark first")
        let csv = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(csv.hasPrefix("artwork,language,title,makers,date,accession_number,text_general,"))
        let rows = try JSONSerialization.jsonObject(with: Data(try folder.read("drafts.json").utf8)) as? [[String: Any]] ?? []
        #expect(rows.count == 2)
        #expect((rows.first?["texts"] as? [String: String])?["general"] != nil)
        #expect(rows.first?["title"] as? String != nil)
        #expect(try CSVRows.count(csv) == 3)
        #expect(try folder.read("drafts.jsonl").split(separator: "\n").count == 2)
        // Nothing approved yet: nothing to publish.
        #expect(try await docent("export", "--approved-only", "--json", "approved.json", in: folder).status == 0)
        #expect(try folder.read("approved.json").trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" ||
                (try JSONSerialization.jsonObject(with: Data(try folder.read("approved.json").utf8)) as? [Any])?.isEmpty == true)
        #expect(try await docent("approve", "oak-chest/general.fr", in: folder).status == 0)
        #expect(try await docent("export", "--approved-only", "--json", "approved.json", in: folder).status == 0)
        let approved = try JSONSerialization.jsonObject(with: Data(try folder.read("approved.json").utf8)) as? [[String: Any]] ?? []
        #expect(approved.count == 1)
        #expect((approved.first?["texts"] as? [String: String])?.keys.sorted() == ["general"])
        #expect(approved.first?["language"] as? String == "fr")
    }

    @Test("check: exit 1 with one line per problem of each kind; exit 0 once all is well")
    func check() async throws {
        let folder = try project()
        // Nothing written yet: every draft is missing.
        let missing = try await docent("check", in: folder)
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("output/oak-chest/draft.general.fr.md: missing:"))
        #expect(try await docent("run", in: folder).status == 0)
        // Unapproved under the policy.
        let unapproved = try await docent("check", "--junit", "junit.xml", in: folder)
        #expect(unapproved.status == 1)
        #expect(unapproved.stdout.split(separator: "\n").filter { $0.contains(": unapproved:") }.count == 2)
        #expect(try folder.read("junit.xml").contains("<failure type=\"unapproved\""))
        let annotations = try await docent("check", in: folder, environment: ["GITHUB_ACTIONS": "true"])
        #expect(annotations.stdout.hasPrefix("::error file=output/"))
        // Approve all that pass; flag one draft with an error and make another stale.
        let dry = try await docent("approve", "--all-passing", "--include-warnings", "--dry-run", in: folder)
        #expect(dry.status == 0 && dry.stdout.contains("would approve output/"), "\(dry.stdout)")
        #expect(try await docent("check", in: folder).status == 1, "a dry run approves nothing")
        #expect(try await docent("approve", "--all-passing", "--include-warnings", in: folder).status == 0)
        #expect(try await docent("check", in: folder).status == 0)
        let flaggedPath = "output/harbour-at-dawn/draft.general.fr.md"
        let flagged = try folder.read(flaggedPath).replacingOccurrences(of: "checks: []", with: "checks:")
            .replacingOccurrences(of: "approved: true", with: "approved: false")
            .replacingOccurrences(of: "\nchecks:\n", with: "\nchecks:\n  - rule: \"grounding\"\n    severity: error\n    message: \"year 1875 is not in the record\"\n")
        try folder.write(flagged, to: flaggedPath)
        try folder.write(try folder.read("artworks/works.json").replacingOccurrences(of: "orné de rinceaux", with: "orné de feuillages"), to: "artworks/works.json")
        #expect(try await docent("run", in: folder).status == 0)
        let problems = try await docent("check", "--json", in: folder)
        #expect(problems.status == 1)
        let kinds = (try JSONSerialization.jsonObject(with: Data(problems.stdout.utf8)) as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
        #expect(Set(kinds) == ["flagged", "stale", "unapproved"], "\(kinds)")
    }

    @Test("Every review action is in output/audit.jsonl (who, what, which file, its version before and after); docent undo takes the last back, one after the other, and refuses when the file changed since")
    func auditAndUndo() async throws {
        let folder = try project(policy: false)
        #expect(try await docent("run", in: folder).status == 0)
        let path = "output/harbour-at-dawn/draft.general.fr.md"
        let generated = try folder.read(path)
        #expect(try await docent("approve", "harbour-at-dawn/general.fr", "--by", "Claire Martin", in: folder).status == 0)
        let approved = try folder.read(path)
        #expect(try await docent("reject", "harbour-at-dawn/general.fr", "--note", "Plus court.", "--by", "Ada", in: folder).status == 0)
        let lines = try folder.read("output/audit.jsonl").split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        #expect(lines.map { $0["action"] as? String } == ["approve", "reject"] && lines.map { $0["by"] as? String } == ["Claire Martin", "Ada"])
        #expect(lines[0]["file"] as? String == "harbour-at-dawn/draft.general.fr.md" && lines[0]["after"] as? String == lines[1]["before"] as? String)
        // Ada's last action first, then the one before it.
        let first = try await docent("undo", in: folder)
        #expect(first.status == 0 && first.stdout.contains("undid the reject of harbour-at-dawn/draft.general.fr.md by Ada"), "\(first.stdout)\(first.stderr)")
        #expect(try folder.read(path) == approved)
        #expect(try await docent("undo", "--by", "Claire Martin", in: folder).status == 0)
        #expect(try folder.read(path) == generated, "back to the bytes the run wrote")
        let nothing = try await docent("undo", in: folder)
        #expect(nothing.status != 0 && nothing.stderr.contains("nothing to undo"), "\(nothing.stderr)")
        // A file changed since its action is never overwritten by an undo.
        #expect(try await docent("approve", "harbour-at-dawn/general.fr", "--by", "Claire Martin", in: folder).status == 0)
        try folder.write(try folder.read(path) + "Ajouté à la main.\n", to: path)
        let refused = try await docent("undo", in: folder)
        #expect(refused.status != 0 && refused.stderr.contains("changed since that approve"), "\(refused.stderr)")
        #expect(try folder.read(path).contains("Ajouté à la main."))
    }

    @Test("check reports the last run's failures")
    func checkFailures() async throws {
        let mock = try MockProcess(["--fail-first", "100", "--faults", "500"])
        let folder = try project(policy: false)
        let config = try folder.read("pipeline.json").replacingOccurrences(of: #""audiences": ["general"]"#,
            with: #""audiences": ["general"], "limits": {"attempts": 1}, "model": {"provider": "openai", "name": "m"}"#)
        try folder.write(config, to: "pipeline.json")
        let run = try await docent("run", in: folder, environment: ["DOCENT_BASE_URL": mock.baseURL, "DOCENT_API_KEY": "k"])
        #expect(run.status == 1)
        let check = try await docent("check", in: folder)
        #expect(check.status == 1)
        #expect(check.stdout.contains(": failed: the last run failed: failed after 1 attempts: HTTP 500"), "\(check.stdout)")
    }

    @Test("The page a run assembles from sections rendered as artworks finish (kept on disk until then) equals the page rendered from scratch")
    func incrementalPage() async throws {
        let folder = try project()
        let workspace = try Workspace.open(configPath: folder.file("pipeline.json"), environment: [:])
        let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_800_000_000) }
        let report = await Runner(workspace: workspace, model: OfflineModelForTests.model, clock: clock).run()
        #expect(report.totals.created > 0)
        let assembled = try folder.read("output/index.html")
        try ReviewPage.write(config: workspace.config, layout: workspace.layout, clock: clock())
        let fromScratch = try folder.read("output/index.html")
        #expect(assembled == fromScratch)
        #expect(assembled.contains("<section class=\"artwork\" id=\"oak-chest\">"))
        // The sections waited in a spool file on disk, unlinked when it was opened: nothing is left.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("output")).allSatisfy { !$0.hasPrefix(".docent-") })
    }

    @Test("A rejection note reaches the next prompt as editorial feedback")
    func noteReachesPrompt() async throws {
        let folder = try project()
        #expect(try await docent("run", in: folder).status == 0)
        #expect(try await docent("reject", "oak-chest/general.fr", "--note", "Parlez davantage du bois.", in: folder).status == 0)
        let workspace = try Workspace.open(configPath: folder.file("pipeline.json"), environment: [:])
        let runner = Runner(workspace: workspace, model: OfflineModelForTests.model)
        let artwork = try #require(workspace.catalog.artworks.first { $0.id == "oak-chest" })
        let prepared = try runner.prepare(JobKey(artwork: "oak-chest", stage: .draft, audience: "general", language: "fr"), artwork: artwork, sourceText: nil)
        #expect(prepared.request.messages.last?.content.hasSuffix("An editor rejected the previous version with this note. Follow it:\nParlez davantage du bois.") == true)
        #expect(prepared.decision == .overwrite)
    }
}

import Prompts
import OfflineEngine
import LLM

enum OfflineModelForTests {
    static let model: any ChatModel = OfflineChatModel()
}

import Catalog

enum CSVRows {
    /// Records in a CSV text (quoted line breaks do not end a record).
    static func count(_ text: String) throws -> Int {
        try CSVTable(parsing: text).rows.count + 1
    }
}
