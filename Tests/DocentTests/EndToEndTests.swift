import Foundation
import Testing

/// Runs the built `docent` binary in a throwaway project, as a user would.
@Suite("docent end to end (offline engine)", .serialized)
struct EndToEndTests {
    static let config = """
        {
          "institution": {"name": "Musée de Test"},
          "sources": {"artworks": ["artworks"], "csv_columns": {"Inventory": "id", "Title": "title"},
                      "style_guide": "templates/style-guide.md"},
          "source_language": "fr",
          "languages": ["en"],
          "audiences": ["general", "children"]
        }
        """

    /// A project folder with the repository's templates and the test records.
    func project() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write(Self.config, to: "pipeline.json")
        try folder.copy(Repo.templates, to: "templates")
        try folder.copy(Repo.fixtures + "/records", to: "artworks")
        return folder
    }

    func docent(_ arguments: String..., in folder: TemporaryFolder, environment: [String: String] = [:]) async throws -> DocentBinary.Result {
        try await DocentBinary.run(arguments, in: folder.path, environment: environment)
    }

    let ids = ["INV-1", "INV-2", "harbour-at-dawn", "oak-chest", "river-photo", "wool-hanging"]

    @Test("Exit codes follow what went wrong, whatever the command: an unreadable people file 78, a file not written 74, a bad name 64 (said once, in words)")
    func exitCodesByMeaning() async throws {
        let folder = try project()
        #expect(try await docent("run", "--quiet", in: folder).status == 0)
        try folder.write("{ not json", to: ".docent/review/people.json")
        let people = try await docent("review", "people", in: folder)
        #expect(people.status == 78, "\(people.stderr)")
        #expect(people.stderr.contains("people.json"), "\(people.stderr)")
        let export = try await docent("export", "--csv", "pipeline.json/texts.csv", in: folder)
        #expect(export.status == 74, "\(export.stderr)")
        #expect(export.stderr.contains("texts.csv"), "\(export.stderr)")
        try folder.write("[]", to: ".docent/review/people.json")
        let longName = String(repeating: "x", count: 101)
        let invite = try await docent("review", "invite", "Jonas", "--role", "editor", "--by", longName, "--url", "http://127.0.0.1:1/", in: folder)
        #expect(invite.status == 64, "\(invite.stderr)")
        #expect(invite.stderr.contains("--by needs a name") && !invite.stderr.contains("ExitCode"), "\(invite.stderr)")
    }

    @Test("run writes every artwork's drafts for every audience and language, unapproved")
    func firstRun() async throws {
        let folder = try project()
        let result = try await docent("run", in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        for id in ids {
            for draft in ["general.fr", "general.en", "children.fr", "children.en"] {
                let text = try folder.read("output/\(id)/draft.\(draft).md")
                #expect(text.hasPrefix("---\nartwork: \"\(id)\"\n"))
                #expect(text.contains("\napproved: false\n"))
                #expect(text.contains("\nai_generated: true\n"))
                #expect(text.contains("\n  provider: \"offline\"\n"))
            }
            #expect(folder.exists("output/\(id)/record.json"))
        }
        let report = try JSONSerialization.jsonObject(with: Data(try folder.read("output/report.json").utf8)) as? [String: Any]
        let totals = report?["totals"] as? [String: Any]
        #expect(totals?["created"] as? Int == 24)
        #expect(result.stderr.contains("24 jobs: 24 written"))
    }

    @Test("A second run changes nothing, and approved or hand-edited drafts stay byte-identical")
    func editorsWorkIsKept() async throws {
        let folder = try project()
        #expect(try await docent("run", in: folder).status == 0)
        let approve = try await docent("approve", "oak-chest/general.fr", "--by", "Claire", in: folder)
        #expect(approve.status == 0, "\(approve.stderr)")
        let editedPath = "output/harbour-at-dawn/draft.children.fr.md"
        let edited = try folder.read(editedPath).replacingOccurrences(of: "Des barques", with: "De petites barques")
        try folder.write(edited, to: editedPath)
        let approved = try folder.read("output/oak-chest/draft.general.fr.md")
        #expect(approved.contains("approved: true\napproved_by: \"Claire\"\n"))

        let rerun = try await docent("run", in: folder)
        #expect(rerun.status == 0)
        #expect(try folder.read("output/oak-chest/draft.general.fr.md") == approved)
        #expect(try folder.read(editedPath) == edited)
        #expect(!folder.exists("output/oak-chest/draft.general.fr.proposed.md"))

        let status = try await docent("status", "--json", in: folder)
        let drafts = (try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])?["drafts"] as? [[String: Any]] ?? []
        let state = { (file: String) in drafts.first { $0["file"] as? String == file }?["state"] as? String }
        #expect(state("oak-chest/draft.general.fr.md") == "approved")
        #expect(state("harbour-at-dawn/draft.children.fr.md") == "edited")
        #expect(state("oak-chest/draft.children.fr.md") == "pending")
    }

    @Test("When an approved draft's record changes, the new text is proposed beside it and status says stale")
    func staleProposal() async throws {
        let folder = try project()
        #expect(try await docent("run", in: folder).status == 0)
        #expect(try await docent("approve", "oak-chest", in: folder).status == 0)
        let approved = try folder.read("output/oak-chest/draft.general.fr.md")
        let records = try folder.read("artworks/works.json").replacingOccurrences(of: "orné de rinceaux", with: "orné de feuillages")
        try folder.write(records, to: "artworks/works.json")

        let rerun = try await docent("run", in: folder)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try folder.read("output/oak-chest/draft.general.fr.md") == approved)
        let proposal = try folder.read("output/oak-chest/draft.general.fr.proposed.md")
        #expect(proposal.contains("feuillages"))
        #expect(proposal.contains("approved: false"))
        let status = try await docent("status", in: folder)
        let line = status.stdout.split(separator: "\n").first { $0.hasPrefix("oak-chest") && $0.contains("general.fr") }
        #expect(line?.contains("approved") == true && line?.contains("stale") == true, "\(status.stdout)")
        // A third run does not write the proposal again.
        let third = try await docent("run", in: folder)
        #expect(third.stderr.contains(" 0 written"), "\(third.stderr)")
    }

    @Test("A malformed record is reported with file:line, the good ones are written, exit 1")
    func badRecord() async throws {
        let folder = try project()
        try folder.copy(Repo.fixtures + "/broken/bad.json", to: "artworks/bad.json")
        let result = try await docent("run", in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("artworks/bad.json:11: title: is missing"), "\(result.stderr)")
        #expect(result.stderr.contains("artworks/bad.json:8: id: '../escape'"))
        for id in ids + ["good-one"] {
            #expect(folder.exists("output/\(id)/draft.general.fr.md"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("escape")))
    }

    @Test("A broken pipeline.json gives the JSON path, exit 78, and writes nothing")
    func badConfig() async throws {
        let folder = try project()
        try folder.write(Self.config.replacingOccurrences(of: "\"languages\"", with: "\"langages\""), to: "pipeline.json")
        let result = try await docent("run", in: folder)
        #expect(result.status == 78)
        #expect(result.stderr.contains("pipeline.json:"))
        #expect(result.stderr.contains("$.langages: unknown key (did you mean 'languages'?)"), "\(result.stderr)")
        #expect(!folder.exists("output"))

        try folder.write("{ not json", to: "pipeline.json")
        let broken = try await docent("plan", in: folder)
        #expect(broken.status == 78)
        #expect(broken.stderr.contains("invalid JSON"))
    }

    @Test("Rejecting with a note regenerates the draft with the note; an edited draft gets a proposal")
    func rejectWithNote() async throws {
        let folder = try project()
        #expect(try await docent("run", in: folder).status == 0)
        let reject = try await docent("reject", "INV-2/general.fr", "--note", "Moins de détails techniques.", "--by", "Marc", in: folder)
        #expect(reject.status == 0, "\(reject.stderr)")
        let rerun = try await docent("run", "--json", in: folder)
        #expect(rerun.status == 0)
        let text = try folder.read("output/INV-2/draft.general.fr.md")
        #expect(text.contains("review_note: \"Moins de détails techniques.\""))
        #expect(rerun.stdout.contains("\"outcome\" : \"overwritten\""))
        // The note is part of the inputs: nothing more to do on the next run.
        #expect(try await docent("run", in: folder).stderr.contains(" 0 written"))
    }

    @Test("plan lists what would run and why, and nothing after a run")
    func plan() async throws {
        let folder = try project()
        let before = try await docent("plan", in: folder)
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout.contains("24 of 24 jobs would run"))
        #expect(before.stdout.split(separator: "\n").contains { $0.hasPrefix("oak-chest/draft.general.fr.md") && $0.contains(" create ") })
        #expect(try await docent("run", in: folder).status == 0)
        let after = try await docent("plan", "--json", in: folder)
        let json = try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any]
        #expect(json?["runs"] as? Int == 0)
    }

    @Test("Command-line mistakes exit 64; --only with an unknown id too")
    func usageErrors() async throws {
        let folder = try project()
        #expect(try await docent("run", "--jobs", "0", in: folder).status == 64)
        #expect(try await docent("frobnicate", in: folder).status == 64)
        #expect(try await docent("reject", "INV-2/general.fr", in: folder).status == 64)
        let only = try await docent("run", "--only", "nope", in: folder)
        #expect(only.status == 64)
        #expect(only.stderr.contains("no record has the id nope"))
    }

    @Test("--only, --output and --artworks narrow and redirect a run")
    func overrides() async throws {
        let folder = try project()
        let result = try await docent("run", "--only", "oak-chest", "--output", "elsewhere", in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(folder.exists("elsewhere/oak-chest/draft.children.en.md"))
        #expect(!folder.exists("elsewhere/INV-1"))
        let csvOnly = try await docent("run", "--artworks", "artworks/list.csv", "--output", "csv-out", in: folder)
        #expect(csvOnly.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("csv-out")).sorted() == ["INV-1", "INV-2", "index.html", "report.json"])
    }

    @Test("No records at all is bad input data: exit 65")
    func noRecords() async throws {
        let folder = try project()
        try FileManager.default.removeItem(atPath: folder.file("artworks"))
        try FileManager.default.createDirectory(atPath: folder.file("artworks"), withIntermediateDirectories: true)
        #expect(try await docent("run", in: folder).status == 65)
    }
}

@Suite("docent proof")
struct ProofCommandTests {
    @Test("Vale-like lines, JSON, and exit 1 on errors")
    func proof() async throws {
        let folder = try TemporaryFolder()
        try folder.write("As an AI language model, I can say this painting is nice and it was painted with care by someone.\n", to: "bad.txt")
        try folder.write("The painter mixed a deep blue. She painted the sea at dawn. Boats come home slowly.\n", to: "good.txt")
        let bad = try await DocentBinary.run(["proof", "bad.txt", "--lang", "en"], in: folder.path)
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("bad.txt:1:1:ai-disclaimer:the text talks to the reader as a chatbot ('as an ai')"), "\(bad.stdout)")
        let good = try await DocentBinary.run(["proof", "good.txt", "--lang", "en", "--json"], in: folder.path)
        #expect(good.status == 0, "\(good.stdout)")
        #expect((try JSONSerialization.jsonObject(with: Data(good.stdout.utf8)) as? [Any]) != nil)
        #expect(try await DocentBinary.run(["proof", "missing.txt"], in: folder.path).status == 65)
    }
}

@Suite("docent init")
struct InitCommandTests {
    @Test("init creates a project that runs, and never overwrites what is there")
    func initProject() async throws {
        let folder = try TemporaryFolder()
        try folder.write("{\"mine\": true}\n", to: "pipeline.json")
        let first = try await DocentBinary.run(["init", "--templates", Repo.templates], in: folder.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("kept pipeline.json (already there)"))
        #expect(try folder.read("pipeline.json") == "{\"mine\": true}\n")
        #expect(folder.exists("templates/prompts/draft.mustache"))
        #expect(folder.exists("artworks/example.json"))
        try FileManager.default.removeItem(atPath: folder.file("pipeline.json"))
        #expect(try await DocentBinary.run(["init", "--templates", Repo.templates, "--institution", "Musée X"], in: folder.path).status == 0)
        let run = try await DocentBinary.run(["run"], in: folder.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(folder.exists("output/example-1/draft.general.en.md"))
    }

    @Test("init works from the binary alone (copied elsewhere), with the sample style guide in the project's language")
    func initFromTheBinaryAlone() async throws {
        let bin = try TemporaryFolder()
        try FileManager.default.copyItem(atPath: DocentBinary.path, toPath: bin.file("docent"))
        for (language, marker, record) in [("en", "tone: warm, precise", "example-1/draft.general.en.md"),
                                           ("fr", "tone: chaleureux, précis", "exemple-1/draft.general.fr.md")] {
            let folder = try TemporaryFolder()
            let made = try await DocentBinary.run([bin.file("docent"), "init", "--language", language], in: folder.path, shell: true)
            #expect(made.status == 0, "\(made.stderr)")
            #expect(try folder.read("templates/style-guide.md").contains(marker), "\(language)")
            #expect(!folder.exists("templates/style-guide.en.md"))
            let run = try await DocentBinary.run([bin.file("docent"), "run", "--quiet"], in: folder.path, shell: true)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(folder.exists("output/" + record), "\(language)")
        }
    }

    @Test("init --preset writes a source with that preset; the export dropped in artworks/ runs")
    func initWithPreset() async throws {
        let folder = try TemporaryFolder()
        let made = try await DocentBinary.run(["init", "--preset", "lido"], in: folder.path)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try folder.read("pipeline.json").contains("\"format\" : \"lido\""))
        #expect(!folder.exists("artworks/example.json"))
        try folder.copy(Repo.fixtures + "/exports/lido/two-records.xml", to: "artworks/export.xml")
        #expect(try await DocentBinary.run(["run", "--quiet"], in: folder.path).status == 0)
        #expect(folder.exists("output/1904-12/draft.general.en.md"))
        #expect(try await DocentBinary.run(["init", "--preset", "lidoo"], in: folder.path).status == 64)
    }

    @Test("The templates built into the binary are the repository's templates/ (run scripts/embed-templates.py after a change)")
    func embeddedTemplatesAreCurrent() async throws {
        var onDisk: [String: String] = [:]
        let walker = FileManager.default.enumerator(atPath: Repo.templates)
        while let relative = walker?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = Repo.templates + "/" + relative
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                onDisk[relative] = try String(contentsOfFile: path, encoding: .utf8)
            }
        }
        let source = try String(contentsOfFile: Repo.root + "/Sources/Review/EmbeddedTemplates.swift", encoding: .utf8)
        for (path, text) in onDisk {
            #expect(source.contains("(\"\(path)\", "), "\(path) is not embedded: run scripts/embed-templates.py")
            // Each line of the file is in the generated source, in order, after its entry.
            guard let entry = source.range(of: "(\"\(path)\", ") else { continue }
            let after = source[entry.upperBound...]
            let literalStart = after.firstIndex(of: "\n").map { after.index(after: $0) } ?? after.endIndex
            #expect(after[literalStart...].hasPrefix(text + "\n\"\"\"#"), "\(path) differs from its embedded copy: run scripts/embed-templates.py")
        }
    }
}

@Suite("docent records")
struct RecordsCommandTests {
    @Test("What Docent reads, before anything is spent: files, coverage, examples, every problem; exit 1 on errors")
    func records() async throws {
        let folder = try TemporaryFolder()
        try folder.write("""
            {"institution": {"name": "M"}, "sources": {"artworks": ["artworks"], "csv_columns": {"Inventory": "id", "Title": "title"}},
             "source_language": "fr", "languages": [], "audiences": ["general"]}
            """, to: "pipeline.json")
        try folder.copy(Repo.fixtures + "/records", to: "artworks")
        let good = try await DocentBinary.run(["records", "--json"], in: folder.path)
        #expect(good.status == 0, "\(good.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(good.stdout.utf8)) as? [String: Any]
        let count = report?["records"] as? Int ?? 0
        #expect(count >= 5)
        let sources = report?["sources"] as? [[String: Any]] ?? []
        #expect(sources.map { $0["file"] as? String ?? "" }.sorted() == ["artworks/list.csv", "artworks/more.yaml", "artworks/works.json"])
        #expect(sources.reduce(0) { $0 + ($1["records"] as? Int ?? 0) } == count)
        let coverage = Dictionary(uniqueKeysWithValues: (report?["coverage"] as? [[String: Any]] ?? []).map { ($0["field"] as? String ?? "", $0["records"] as? Int ?? -1) })
        #expect(coverage["title"] == count && coverage["id"] == count)
        #expect((coverage["description"] ?? 0) > 0 && (coverage["description"] ?? 0) <= count)
        #expect((report?["examples"] as? [[String: Any]])?.count == 2)

        try folder.write("id: x\ntitle: [a\n", to: "artworks/broken.yaml")
        try folder.write("<xml/>", to: "artworks/export.xml")
        let bad = try await DocentBinary.run(["records"], in: folder.path)
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("\(count) records from 3 files"), "\(bad.stdout)")
        #expect(bad.stdout.contains("artworks/broken.yaml:3:1: invalid YAML"))
        #expect(bad.stdout.contains("artworks/export.xml: is not in a record format Docent reads"))
    }
}
