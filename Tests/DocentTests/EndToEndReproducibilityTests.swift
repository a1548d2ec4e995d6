import Foundation
import Testing

/// Reruns in new processes: same inputs, same prompts, same bytes, no requests. Each `docent`
/// process gets its own hash seed (Swift seeds `Hasher` per process), so six reruns make
/// different seeds certain; `SWIFT_DETERMINISTIC_HASHING` is never set, it would hide the defect.
@Suite("Reruns are reproducible across processes", .serialized)
struct EndToEndReproducibilityTests {
    /// A project with site pages whose profile has ties (quotation marks, dashes and date
    /// conventions used equally often), a style guide, and every stage.
    func project(provider: String, stages: [String] = ["draft", "translate", "seo", "subtitles", "proof"],
                 attempts: Int = 5) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("""
            {
              "institution": {"name": "Musée de Test"},
              "sources": {"artworks": ["artworks"], "site": ["site"], "style_guide": "style-guide.md", "templates": "templates"},
              "source_language": "fr", "languages": ["en"], "audiences": ["general", "audio", "web"],
              "stages": \(stages.map { "\"\($0)\"" }.joined(separator: ", ").wrappedInBrackets),
              "limits": {"jobs": 4, "attempts": \(attempts), "revision_rounds": 1},
              "model": {"provider": "\(provider)", "name": "mock-model", "timeout_seconds": 5}
            }
            """, to: "pipeline.json")
        try folder.copy(Repo.templates, to: "templates")
        try folder.copy(Repo.fixtures + "/records/works.json", to: "artworks/works.json")
        try Self.writeStyleSources(to: folder)
        return folder
    }

    /// A style guide and two site pages that tie on everything the digest picks by count
    /// (quotation marks, dashes, date conventions).
    static func writeStyleSources(to folder: TemporaryFolder) throws {
        try folder.write("""
            ---
            tone: sobre et précis
            person: nous
            terminology:
              preferred:
                - use: œuvre
                  instead_of: [oeuvre]
              banned: [incontournable]
            audiences:
              general: {min_words: 40, max_words: 90}
            ---
            Nous écrivons simplement. Une idée par phrase.
            """, to: "style-guide.md")
        try folder.write("""
            <html lang="fr"><body><main><h1>Une salle calme pour regarder longtemps</h1>
            <p>Nous avons réuni ici des œuvres peintes vers 1650 — des natures mortes et des portraits. Le conservateur parle d’« une lumière calme » et nous invite à prendre le temps de regarder chaque détail. Les tableaux datent de 1640–1660.</p>
            <p>Nous présentons aussi des dessins : des études de mains et de visages, réalisées à la pierre noire sur papier bleu par des artistes de l’atelier.</p>
            </main></body></html>
            """, to: "site/salle.html")
        try folder.write("""
            <html lang="fr"><body><main><h1>Un cabinet de dessins pour les visiteurs</h1>
            <p>Nous montrons ce cabinet depuis peu—ses feuilles viennent d’un legs du XVIIe siècle. Le guide parle d’“un regard lent” et nous suivons ses pas dans chaque salle du musée. Les feuilles datent de 1700-1720.</p>
            <p>Nous prêtons une loupe à chaque visiteur : les traits fins des dessins se voient mieux de près, et les couleurs pâles aussi, sous une lumière douce.</p>
            </main></body></html>
            """, to: "site/cabinet.html")
    }

    func tree(_ folder: TemporaryFolder) throws -> [String: (data: Data, modified: Date)] {
        try folder.outputFiles()
    }

    func totals(_ result: DocentBinary.Result) throws -> [String: Int] {
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return report?["totals"] as? [String: Int] ?? [:]
    }

    @Test("Six reruns in new processes against the mock: 0 requests, 0 files written, every byte the same; also with the house-style cache removed")
    func rerunsAgainstTheMock() async throws {
        let mock = try MockProcess([])
        let folder = try project(provider: "openai")
        let environment = ["DOCENT_BASE_URL": mock.baseURL, "DOCENT_API_KEY": "k"]
        let first = try await DocentBinary.run(["run", "--quiet"], in: folder.path, environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        let asked = try await mock.stats()["requests"] as? Int ?? 0
        #expect(asked > 20)
        let written = try tree(folder)
        #expect(written.keys.contains { $0.hasSuffix("seo.en.json") } && written.keys.contains { $0.hasSuffix("subtitles.fr.vtt") })
        for rerun in 1...6 {
            if rerun == 4 { try FileManager.default.removeItem(atPath: folder.file(".docent/house-style.json")) }
            let result = try await DocentBinary.run(["run", "--json"], in: folder.path, environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
            let counts = try totals(result)
            #expect(counts["created"] == 0 && counts["overwritten"] == 0 && counts["proposed"] == 0, "rerun \(rerun): \(counts)")
            #expect(try await mock.stats()["requests"] as? Int == asked, "rerun \(rerun) sent requests")
            let now = try tree(folder)
            #expect(Set(now.keys) == Set(written.keys), "rerun \(rerun)")
            for (path, file) in written {
                #expect(now[path]?.data == file.data, "rerun \(rerun) changed \(path)")
                #expect(now[path]?.modified == file.modified, "rerun \(rerun) rewrote \(path)")
            }
            let plan = try await DocentBinary.run(["plan", "--json"], in: folder.path, environment: environment)
            #expect(try PlanJobs(plan.stdout).running.isEmpty, "plan after rerun \(rerun)")
        }
    }

    @Test("Offline engine: an approved and an edited draft stay as they are over six reruns; nothing is proposed or stale")
    func rerunsOfflineWithEditorsWork() async throws {
        let folder = try project(provider: "offline")
        #expect(try await DocentBinary.run(["run", "--quiet"], in: folder.path).status == 0)
        #expect(try await DocentBinary.run(["approve", "oak-chest/general.fr", "--by", "Camille"], in: folder.path).status == 0)
        let edited = folder.file("output/harbour-at-dawn/draft.web.fr.md")
        try (try String(contentsOfFile: edited, encoding: .utf8) + "\nUne phrase ajoutée par l’éditrice.\n")
            .write(toFile: edited, atomically: true, encoding: .utf8)
        // The edit reaches what is made from the draft (its translation, the SEO data) once.
        #expect(try await DocentBinary.run(["run", "--quiet"], in: folder.path).status == 0)
        let before = try tree(folder)
        for rerun in 1...6 {
            if rerun == 3 { try FileManager.default.removeItem(atPath: folder.file(".docent/house-style.json")) }
            let result = try await DocentBinary.run(["run", "--json"], in: folder.path)
            #expect(result.status == 0)
            let counts = try totals(result)
            #expect(counts["created"] == 0 && counts["overwritten"] == 0 && counts["proposed"] == 0, "rerun \(rerun): \(counts)")
            let now = try tree(folder)
            #expect(!now.keys.contains { $0.contains(".proposed.") }, "rerun \(rerun)")
            #expect(Set(now.keys) == Set(before.keys))
            for (path, file) in before { #expect(now[path]?.data == file.data, "rerun \(rerun) changed \(path)") }
        }
        let status = try await DocentBinary.run(["status", "--json"], in: folder.path)
        let drafts = (try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])?["drafts"] as? [[String: Any]] ?? []
        #expect(drafts.count > 10)
        #expect(!drafts.contains { $0["stale"] as? Bool == true })
        #expect(drafts.contains { $0["draft"] as? String == "general.fr" && $0["artwork"] as? String == "oak-chest" && $0["state"] as? String == "approved" })
        #expect(drafts.contains { $0["draft"] as? String == "web.fr" && $0["state"] as? String == "edited" })
    }
}

extension EndToEndReproducibilityTests {
    /// `plan --json`'s jobs that would run, then `run --json`'s jobs that ran: the same set. A
    /// job the plan can only run after its source (a model's new draft, unknown before it is paid
    /// for) runs unless that source comes back with the same text: with `foreseeable` (the
    /// offline engine, answers in the cache) there is no such job and the sets are equal.
    func expectPlanEqualsRun(_ folder: TemporaryFolder, _ label: String, arguments: [String] = [], environment: [String: String] = [:],
                             foreseeable: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let plan = try await DocentBinary.run(["plan", "--json"] + arguments, in: folder.path, environment: environment)
        #expect(plan.status == 0, "\(label): plan: \(plan.stderr)", sourceLocation: sourceLocation)
        let jobs = try PlanJobs(plan.stdout)
        let run = try await DocentBinary.run(["run", "--json"] + arguments, in: folder.path, environment: environment)
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let ran = Set((report?["jobs"] as? [[String: Any]] ?? []).filter {
            ["created", "overwritten", "proposed", "failed"].contains($0["outcome"] as? String ?? "")
        }.map(JobID))
        if foreseeable {
            #expect(jobs.afterSource.isEmpty, "\(label): undecided \(jobs.afterSource.sorted())", sourceLocation: sourceLocation)
            #expect(jobs.running == ran, "\(label): planned but not run \(jobs.running.subtracting(ran).sorted()); run but not planned \(ran.subtracting(jobs.running).sorted())",
                    sourceLocation: sourceLocation)
        } else {
            #expect(jobs.decided.isSubset(of: ran), "\(label): planned but not run \(jobs.decided.subtracting(ran).sorted())", sourceLocation: sourceLocation)
            #expect(ran.isSubset(of: jobs.running), "\(label): run but not planned \(ran.subtracting(jobs.running).sorted())", sourceLocation: sourceLocation)
        }
    }

    func replace(_ old: String, with new: String, in file: String, _ folder: TemporaryFolder) throws {
        let text = try folder.read(file)
        #expect(text.contains(old), "\(file) has no '\(old)'")
        try folder.write(text.replacingOccurrences(of: old, with: new), to: file)
    }

    @Test("plan says exactly what run then does: first run, nothing changed, record, style guide, site page, house-style cache, approved, edited and rejected drafts, --stage, --shard")
    func planAgreesWithRun() async throws {
        let folder = try project(provider: "offline")
        try await expectPlanEqualsRun(folder, "first run")
        try await expectPlanEqualsRun(folder, "nothing changed")
        try replace("Le bois a foncé avec le temps.", with: "Le bois a beaucoup foncé avec le temps.", in: "artworks/works.json", folder)
        try await expectPlanEqualsRun(folder, "a record changed")
        try replace("Une idée par phrase.", with: "Une idée par phrase, jamais deux.", in: "style-guide.md", folder)
        try await expectPlanEqualsRun(folder, "the style guide changed")
        try replace("une lumière calme", with: "une lumière très calme", in: "site/salle.html", folder)
        try await expectPlanEqualsRun(folder, "a site page changed")
        try FileManager.default.removeItem(atPath: folder.file(".docent/house-style.json"))
        try await expectPlanEqualsRun(folder, "the house-style cache removed")
        #expect(try await DocentBinary.run(["approve", "oak-chest/general.fr"], in: folder.path).status == 0)
        let edited = folder.file("output/harbour-at-dawn/draft.general.fr.md")
        try (try String(contentsOfFile: edited, encoding: .utf8) + "\nUne phrase de l’éditrice.\n").write(toFile: edited, atomically: true, encoding: .utf8)
        try await expectPlanEqualsRun(folder, "an approved and an edited draft")
        try replace("des fleurs et des oiseaux", with: "des fleurs, des fruits et des oiseaux", in: "artworks/works.json", folder)
        try replace("La peintre pose la couleur", with: "La peintre pose vite la couleur", in: "artworks/works.json", folder)
        try await expectPlanEqualsRun(folder, "approved and edited drafts whose record changed")
        #expect(try await DocentBinary.run(["reject", "harbour-at-dawn/audio.fr", "--note", "Plus court, s’il vous plaît."], in: folder.path).status == 0)
        try await expectPlanEqualsRun(folder, "a rejected draft with a note")
        try replace("Un coffre de mariage", with: "Un grand coffre de mariage", in: "artworks/works.json", folder)
        try await expectPlanEqualsRun(folder, "--stage seo after a record change", arguments: ["--stage", "seo"])
        try replace("Des barques rentrent", with: "Des barques de pêche rentrent", in: "artworks/works.json", folder)
        try await expectPlanEqualsRun(folder, "--shard 1/2 after a record change", arguments: ["--shard", "1/2"])
        try await expectPlanEqualsRun(folder, "--shard 2/2 after a record change", arguments: ["--shard", "2/2"])
        try await expectPlanEqualsRun(folder, "nothing changed at the end")
    }

    @Test("plan says exactly what run then does after failed jobs and after a record change (against the mock)")
    func planAgreesWithRunAfterFailures() async throws {
        let folder = try project(provider: "openai", attempts: 1)
        let failing = try MockProcess(["--fault-rate", "0.3", "--faults", "500"])
        let first = try await DocentBinary.run(["run", "--json"], in: folder.path, environment: ["DOCENT_BASE_URL": failing.baseURL, "DOCENT_API_KEY": "k"])
        #expect(first.status == 1, "some jobs should fail: \(first.stderr)")
        let mock = try MockProcess([])
        let environment = ["DOCENT_BASE_URL": mock.baseURL, "DOCENT_API_KEY": "k"]
        try await expectPlanEqualsRun(folder, "after failed jobs", environment: environment, foreseeable: false)
        try await expectPlanEqualsRun(folder, "nothing changed after the retry", environment: environment)
        try replace("Le bois a foncé avec le temps.", with: "Le bois a beaucoup foncé avec le temps.", in: "artworks/works.json", folder)
        try await expectPlanEqualsRun(folder, "a record changed, with a model", environment: environment, foreseeable: false)
    }
}

extension EndToEndReproducibilityTests {
    @Test("docent proof gives a draft the same deterministic findings as the run that wrote it (style guide targets included)")
    func proofAgreesWithRun() async throws {
        let folder = try project(provider: "offline")
        // A reading-ease target for the general audience: run applies it; proof must too.
        try folder.write(try folder.read("style-guide.md").replacingOccurrences(
            of: "general: {min_words: 40, max_words: 90}", with: "general: {min_words: 40, max_words: 90, reading_ease: 120}"), to: "style-guide.md")
        #expect(try await DocentBinary.run(["run", "--quiet"], in: folder.path).status == 0)
        var rulesSeen: [String] = []
        for draft in ["output/oak-chest/draft.general.fr.md", "output/harbour-at-dawn/draft.general.fr.md", "output/harbour-at-dawn/draft.audio.fr.md"] {
            let text = try folder.read(draft)
            // The run's checks, less what only a run adds (the offline engine's notes).
            let front = text.components(separatedBy: "\n---\n")[0]
            let runRules = front.components(separatedBy: "\n").filter { $0.hasPrefix("  - rule: ") }
                .map { String($0.dropFirst("  - rule: ".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                .filter { !["untranslated", "offline-language", "revised"].contains($0) }
            let proof = try await DocentBinary.run(["proof", "--json", draft], in: folder.path)
            let rows = try JSONSerialization.jsonObject(with: Data(proof.stdout.utf8)) as? [[String: Any]] ?? []
            #expect(rows.map { $0["rule"] as? String ?? "" } == runRules, "\(draft): proof \(rows.map { $0["rule"] ?? "" }) run \(runRules)")
            rulesSeen += runRules
        }
        #expect(rulesSeen.contains("readability"), "the guide's reading-ease target applied nowhere: \(rulesSeen)")
    }
}

/// The jobs of `plan --json` by what they would do.
struct PlanJobs {
    /// Jobs that would run: `decided` ones, and those decided once their source is written.
    var running: Set<String> = []
    var decided: Set<String> = []
    var afterSource: Set<String> = []

    init(_ json: String) throws {
        let plan = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        for entry in plan?["jobs"] as? [[String: Any]] ?? [] {
            guard let job = entry["job"] as? [String: String], let action = entry["action"] as? String else { continue }
            if ["create", "update", "propose"].contains(action) { decided.insert(JobID(job)) }
            if action == "after_source" { afterSource.insert(JobID(job)) }
        }
        running = decided.union(afterSource)
    }
}

/// "artwork/stage/audience/language".
func JobID(_ job: [String: Any]) -> String {
    ["artwork", "stage", "audience", "language"].map { job[$0] as? String ?? "" }.joined(separator: "/")
}

extension String {
    var wrappedInBrackets: String { "[" + self + "]" }
}
