import Foundation
import Testing

/// What reaches the public was approved for what it says now: `docent check` against the
/// inputs as they are, SEO data and subtitles in the review loop, derived outputs that know
/// their source, proposals that resolve themselves. Through the built binary.
@Suite("The gate: approved for the inputs as they are now", .serialized)
struct EndToEndGateTests {
    /// One record (harbour-at-dawn, in French), general and audio drafts, English
    /// translations, SEO data and subtitles; every output must be approved.
    func project() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("""
            {
              "institution": {"name": "Musée de Test"},
              "sources": {"artworks": ["artworks/works.json"]},
              "source_language": "fr", "languages": ["en"], "audiences": ["general", "audio"],
              "stages": ["draft", "translate", "seo", "subtitles"],
              "check": {"require_approval": {}}
            }
            """, to: "pipeline.json")
        try folder.copy(Repo.templates, to: "templates")
        try folder.copy(Repo.fixtures + "/records", to: "artworks")
        let works = try folder.read("artworks/works.json")
        guard let start = works.range(of: "  {\n    \"id\": \"harbour-at-dawn\"") else { throw CocoaError(.fileReadCorruptFile) }
        try folder.write("[\n" + works[start.lowerBound...], to: "artworks/works.json")
        return folder
    }

    func docent(_ arguments: String..., in folder: TemporaryFolder) async throws -> DocentBinary.Result {
        try await DocentBinary.run(arguments, in: folder.path, environment: ["SOURCE_DATE_EPOCH": "1800000000"])
    }

    /// A project run and wholly approved: `check` passes.
    func approvedProject() async throws -> TemporaryFolder {
        let folder = try project()
        let run = try await docent("run", in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let approve = try await docent("approve", "harbour-at-dawn", "--by", "Claire Martin", in: folder)
        #expect(approve.status == 0, "\(approve.stderr)")
        let check = try await docent("check", in: folder)
        #expect(check.status == 0, "all approved and unchanged: \(check.stdout)\(check.stderr)")
        return folder
    }

    func problems(_ result: DocentBinary.Result, _ kind: String) -> [String] {
        result.stdout.split(separator: "\n").map(String.init).filter { $0.contains(": \(kind): ") }
    }

    @Test("approve ID covers the SEO data and subtitles too; they carry who approved them")
    func approveCoversEveryOutput() async throws {
        let folder = try await approvedProject()
        let seo = try JSONSerialization.jsonObject(with: Data(try folder.read("output/harbour-at-dawn/seo.fr.json").utf8)) as? [String: Any]
        let meta = seo?["_docent"] as? [String: Any]
        #expect(meta?["approved"] as? Bool == true)
        #expect(meta?["approved_by"] as? String == "Claire Martin")
        let vtt = try folder.read("output/harbour-at-dawn/subtitles.fr.vtt")
        #expect(vtt.contains("approved=true"))
        #expect(vtt.contains("approved_by=Claire%20Martin"))
        #expect(!vtt.contains("-->\u{20}Claire"), "the NOTE line stays one line, without a cue arrow")
        let status = try await docent("status", "--json", in: folder)
        let drafts = (try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])?["drafts"] as? [[String: Any]] ?? []
        let names = Set(drafts.compactMap { $0["draft"] as? String })
        #expect(names.isSuperset(of: ["seo.fr", "seo.en", "subtitles.fr", "subtitles.en", "general.fr", "general.en"]), "\(names)")
        #expect(drafts.allSatisfy { $0["state"] as? String == "approved" })
    }

    @Test("a record changed with no run since: check fails on its outputs, saying the record changed")
    func recordChanged() async throws {
        let folder = try await approvedProject()
        try folder.write(try folder.read("artworks/works.json").replacingOccurrences(of: "\"date\": \"1889\"", with: "\"date\": \"1888\""),
                         to: "artworks/works.json")
        let check = try await docent("check", in: folder)
        #expect(check.status == 1)
        let stale = problems(check, "stale")
        #expect(stale.contains { $0.hasPrefix("output/harbour-at-dawn/draft.general.fr.md: stale: its record changed since it was approved") }, "\(check.stdout)")
        #expect(stale.contains { $0.hasPrefix("output/harbour-at-dawn/seo.fr.json: stale:") }, "\(check.stdout)")
        // The plan agrees: the draft would get a proposal.
        let plan = try await docent("plan", "--json", in: folder)
        #expect(plan.stdout.contains("\"action\" : \"propose\""))
    }

    @Test("an approved source text edited: its translations and SEO data are stale without a run, and the next run re-derives them beside the approved ones")
    func sourceEdited() async throws {
        let folder = try await approvedProject()
        let path = "output/harbour-at-dawn/draft.general.fr.md"
        try folder.write(try folder.read(path).replacingOccurrences(of: "Des barques rentrent", with: "Trois barques rentrent"), to: path)
        let check = try await docent("check", in: folder)
        #expect(check.status == 1)
        let stale = problems(check, "stale")
        #expect(stale.contains { $0.hasPrefix("output/harbour-at-dawn/draft.general.en.md: stale: its source text (general.fr) changed") }, "\(check.stdout)")
        #expect(stale.contains { $0.hasPrefix("output/harbour-at-dawn/seo.fr.json: stale: its source text (general.fr) changed") }, "\(check.stdout)")
        let status = try await docent("status", "--json", in: folder)
        let drafts = (try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])?["drafts"] as? [[String: Any]] ?? []
        let translation = drafts.first { $0["draft"] as? String == "general.en" }
        #expect(translation?["stale"] as? Bool == true)
        #expect((translation?["stale_reason"] as? String)?.contains("general.fr") == true)
        // The static page marks it stale too, saying why (it is rendered again by any approval).
        #expect(try await docent("approve", "harbour-at-dawn/audio.fr", in: folder).status == 0)
        #expect(try folder.read("output/index.html").contains("Stale: its source text (general.fr) changed since it was made"))
        // A run re-derives: the SEO data (made from the edited text) is proposed beside the approved file.
        let run = try await docent("run", in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(folder.exists("output/harbour-at-dawn/seo.fr.proposed.json"))
    }

    @Test("a proposal accepted for the source: its translation is stale until re-derived")
    func sourceAccepted() async throws {
        let folder = try await approvedProject()
        // The record's description changes: the approved French draft gets a proposal.
        try folder.write(try folder.read("artworks/works.json").replacingOccurrences(of: "Des barques rentrent au port", with: "Des barques rentrent lentement au port"),
                         to: "artworks/works.json")
        #expect(try await docent("run", in: folder).status == 0)
        #expect(folder.exists("output/harbour-at-dawn/draft.general.fr.proposed.md"))
        #expect(try await docent("accept", "harbour-at-dawn/general.fr", in: folder).status == 0)
        let check = try await docent("check", in: folder)
        #expect(check.status == 1)
        #expect(problems(check, "stale").contains { $0.hasPrefix("output/harbour-at-dawn/draft.general.en.md: stale: its source text (general.fr) changed") },
                "\(check.stdout)")
    }

    @Test("SEO data unapproved, or approved then with an error-level check, and subtitles unapproved: each caught by check")
    func seoAndSubtitlesGated() async throws {
        let folder = try await approvedProject()
        #expect(try await docent("reject", "harbour-at-dawn/seo.fr", "--note", "Un titre plus court.", in: folder).status == 0)
        #expect(try await docent("reject", "harbour-at-dawn/subtitles.en", "--note", "Coupez après « port ».", in: folder).status == 0)
        let check = try await docent("check", in: folder)
        #expect(check.status == 1)
        let unapproved = problems(check, "unapproved")
        #expect(unapproved.contains { $0.hasPrefix("output/harbour-at-dawn/seo.fr.json: unapproved: approval is required for SEO data in fr") }, "\(check.stdout)")
        #expect(unapproved.contains { $0.hasPrefix("output/harbour-at-dawn/subtitles.en.vtt: unapproved: approval is required for subtitles in en") })
        // An SEO file whose slug an editor broke by hand: flagged by the checks once unapproved.
        let seoPath = "output/harbour-at-dawn/seo.en.json"
        var object = try JSONSerialization.jsonObject(with: Data(try folder.read(seoPath).utf8)) as? [String: Any] ?? [:]
        var meta = object["_docent"] as? [String: Any] ?? [:]
        meta["approved"] = false
        meta["checks"] = [["rule": "slug", "severity": "error", "message": "the slug 'Le Port' is not lowercase words and hyphens"]]
        object["_docent"] = meta
        try folder.write(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self), to: seoPath)
        let flagged = try await docent("check", in: folder)
        #expect(problems(flagged, "flagged").contains { $0.hasPrefix("output/harbour-at-dawn/seo.en.json: flagged: 1 error-level check") }, "\(flagged.stdout)")
        // The rejection note reaches the next SEO prompt: the file is rewritten (it was not edited).
        let run = try await docent("run", in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let rewritten = try JSONSerialization.jsonObject(with: Data(try folder.read("output/harbour-at-dawn/seo.fr.json").utf8)) as? [String: Any]
        #expect((rewritten?["_docent"] as? [String: Any])?["review_note"] as? String == "Un titre plus court.")
    }

    @Test("check.require_approval.outputs narrows the gate to the outputs named")
    func outputsNarrowTheGate() async throws {
        let folder = try project()
        try folder.write(try folder.read("pipeline.json").replacingOccurrences(of: "\"require_approval\": {}", with: "\"require_approval\": {\"outputs\": [\"seo\"]}"),
                         to: "pipeline.json")
        #expect(try await docent("run", in: folder).status == 0)
        let check = try await docent("check", in: folder)
        let unapproved = problems(check, "unapproved")
        #expect(unapproved.count == 2, "seo.fr and seo.en only: \(check.stdout)")
        #expect(unapproved.allSatisfy { $0.contains("/seo.") })
        try folder.write(try folder.read("pipeline.json").replacingOccurrences(of: "[\"seo\"]", with: "[\"posters\"]"), to: "pipeline.json")
        let bad = try await docent("check", in: folder)
        #expect(bad.status == 78)
        #expect(bad.stderr.contains("'posters' is not an output"))
    }

    @Test("a proposal word for word the approved draft resolves itself: still approved, nothing stale, the gate passes")
    func identicalProposalResolves() async throws {
        let folder = try await approvedProject()
        // The prompt's wording changes; the offline engine composes from the record's facts, so
        // every draft comes back word for word the same, for new inputs.
        try folder.write(try folder.read("templates/prompts/draft.mustache") + "\nWrite in the museum's own voice.\n", to: "templates/prompts/draft.mustache")
        let before = try await docent("check", in: folder)
        #expect(before.status == 1, "the prompt changed since the approval")
        #expect(before.stdout.contains("its templates, style guide, house style or model changed since it was approved"), "\(before.stdout)")
        let run = try await docent("run", in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("resolved: the new text was word for word"), "\(run.stderr)")
        #expect(!folder.exists("output/harbour-at-dawn/draft.general.fr.proposed.md"))
        #expect(try folder.read("output/harbour-at-dawn/draft.general.fr.md").contains("approved_by: \"Claire Martin\""))
        let report = try JSONSerialization.jsonObject(with: Data(try folder.read("output/report.json").utf8)) as? [String: Any]
        #expect(((report?["totals"] as? [String: Any])?["resolved"] as? Int ?? 0) > 0)
        let after = try await docent("check", in: folder)
        #expect(after.status == 0, "\(after.stdout)")
    }

    @Test("export --approved-only: per artwork and language, the facts, approved texts, SEO fields and alt text")
    func exportForCMS() async throws {
        let folder = try await approvedProject()
        #expect(try await docent("reject", "harbour-at-dawn/general.en", "--note", "Plus court.", in: folder).status == 0)
        #expect(try await docent("export", "--approved-only", "--jsonl", "cms.jsonl", "--csv", "cms.csv", in: folder).status == 0)
        let lines = try folder.read("cms.jsonl").split(separator: "\n")
        #expect(lines.count == 2)
        let entries = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        let english = entries.first { $0["language"] as? String == "en" }
        let french = entries.first { $0["language"] as? String == "fr" }
        #expect(english?["title"] as? String == "The Harbour at Dawn")
        #expect((english?["texts"] as? [String: String])?["general"] == nil, "rejected: not published")
        #expect((english?["texts"] as? [String: String])?["audio"] != nil)
        #expect(french?["makers"] as? [String] == ["Élise Marchand"])
        #expect(french?["date"] as? String == "1889")
        #expect((french?["seo"] as? [String: Any])?["slug"] as? String != nil)
        #expect(french?["alt_text"] as? String != nil)
        #expect(french?["subtitles"] as? String == "harbour-at-dawn/subtitles.fr.vtt")
        let csv = FileManager.default.contents(atPath: folder.file("cms.csv")) ?? Data()
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: csv, as: UTF8.self).contains("Élise Marchand"))
    }

    @Test("docent --version says the release")
    func version() async throws {
        let folder = try TemporaryFolder()
        let result = try await DocentBinary.run(["--version"], in: folder.path)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("docent 0."), "\(result.stdout)")
    }
}
