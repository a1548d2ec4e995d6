import Prompts
import Foundation
import LLM
import Testing

/// `docent run` against `docent-mock-llm` running as its own process, as CI or a user would.
@Suite("docent end to end against the mock endpoint", .serialized)
struct EndToEndEndpointTests {
    static let sentinel = "sk-test-SENTINEL-e2e-40c1d9a7b3f2"

    func project(attempts: Int = 5) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("""
            {
              "institution": {"name": "Musée de Test"},
              "sources": {"artworks": ["artworks"], "csv_columns": {"Inventory": "id", "Title": "title"}},
              "source_language": "fr",
              "languages": ["en"],
              "audiences": ["general", "children"],
              "limits": {"jobs": 8, "attempts": \(attempts)},
              "model": {"provider": "openai", "name": "mock-model", "timeout_seconds": 2}
            }
            """, to: "pipeline.json")
        try folder.copy(Repo.templates, to: "templates")
        try folder.copy(Repo.fixtures + "/records", to: "artworks")
        return folder
    }

    func environment(_ mock: MockProcess, key: String = sentinel) -> [String: String] {
        ["DOCENT_BASE_URL": mock.baseURL, "DOCENT_API_KEY": key]
    }

    /// Every file under `folder`, as text.
    func allText(_ folder: String) throws -> String {
        var text = ""
        let walker = FileManager.default.enumerator(atPath: folder)
        while let relative = walker?.nextObject() as? String {
            let path = (folder as NSString).appendingPathComponent(relative)
            if let data = FileManager.default.contents(atPath: path) { text += String(decoding: data, as: UTF8.self) }
        }
        return text
    }

    @Test("Answers come from the cache after the drafts are gone; cache prune empties it and the next run asks again")
    func cacheAndPrune() async throws {
        let mock = try MockProcess([])
        let folder = try project()
        #expect(try await DocentBinary.run(["run", "--quiet"], in: folder.path, environment: environment(mock)).status == 0)
        let asked = try await mock.stats()["requests"] as? Int ?? 0
        #expect(asked > 0)
        // Drafts deleted: the rerun writes them all again from the cache, without a request.
        try FileManager.default.removeItem(atPath: folder.file("output"))
        #expect(try await DocentBinary.run(["run", "--quiet"], in: folder.path, environment: environment(mock)).status == 0)
        #expect(try await mock.stats()["requests"] as? Int == asked)
        let kept = try await DocentBinary.run(["cache", "prune", "--days", "30"], in: folder.path)
        #expect(kept.status == 0 && kept.stdout.hasPrefix("removed 0 cached answers"), "\(kept.stdout)")
        let emptied = try await DocentBinary.run(["cache", "prune", "--days", "0"], in: folder.path)
        #expect(emptied.status == 0 && emptied.stdout.contains("removed \(asked) cached answers"), "\(emptied.stdout)")
        try FileManager.default.removeItem(atPath: folder.file("output"))
        #expect(try await DocentBinary.run(["run", "--quiet"], in: folder.path, environment: environment(mock)).status == 0)
        #expect(try await mock.stats()["requests"] as? Int == 2 * asked)
    }

    @Test("record.json cannot be written: that artwork's jobs fail with the reason and cost no request, the others are written; the rerun writes it all")
    func recordUnwritable() async throws {
        let mock = try MockProcess([])
        let folder = try project()
        // A folder where record.json should be: the rename onto it fails.
        let blocked = "oak-chest"
        func drafts() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: folder.file("output/\(blocked)")).filter { $0.hasSuffix(".md") }
        }
        try FileManager.default.createDirectory(atPath: folder.file("output/\(blocked)/record.json/occupied"), withIntermediateDirectories: true)
        let result = try await DocentBinary.run(["run", "--quiet"], in: folder.path, environment: environment(mock))
        #expect(result.status == 1, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(try folder.read("output/report.json").utf8)) as? [String: Any]
        let jobs = report?["jobs"] as? [[String: Any]] ?? []
        let mine = jobs.filter { $0["artwork"] as? String == blocked }
        #expect(!mine.isEmpty)
        // All its jobs fail with the reason, before any request is paid for.
        for job in mine {
            #expect(job["outcome"] as? String == "failed" && (job["error"] as? String ?? "").contains("cannot write record.json"), "\(job)")
            #expect(job["attempts"] as? Int == 0 && job["prompt_tokens"] as? Int == 0, "\(job)")
        }
        #expect(jobs.contains { $0["artwork"] as? String != blocked && $0["outcome"] as? String == "created" })
        #expect(try drafts().isEmpty)
        let asked = try await mock.stats()["requests"] as? Int ?? 0
        // Mended: the rerun writes everything, and pays only for the artwork that waited.
        try FileManager.default.removeItem(atPath: folder.file("output/\(blocked)/record.json"))
        #expect(try await DocentBinary.run(["run", "--quiet"], in: folder.path, environment: environment(mock)).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.file("output/\(blocked)/record.json")))
        #expect(try drafts().count == mine.count)
        let second = (try await mock.stats()["requests"] as? Int ?? 0) - asked
        #expect(second >= mine.count)
        // And nothing after that.
        #expect(try await DocentBinary.run(["run", "--quiet"], in: folder.path, environment: environment(mock)).status == 0)
        #expect(try await mock.stats()["requests"] as? Int == asked + second)
    }

    @Test("With 30 % injected faults every job the retry budget allows completes; the rest are reported with their reason")
    func faultyEndpoint() async throws {
        let mock = try MockProcess(["--fault-rate", "0.3", "--faults", "429,500,503,reset,truncated,nonjson,empty,length", "--seed", "7"])
        let folder = try project()
        let result = try await DocentBinary.run(["run"], in: folder.path, environment: environment(mock))
        let report = try JSONSerialization.jsonObject(with: Data(try folder.read("output/report.json").utf8)) as? [String: Any]
        let totals = report?["totals"] as? [String: Any] ?? [:]
        let jobs = report?["jobs"] as? [[String: Any]] ?? []
        let failed = totals["failed"] as? Int ?? -1
        let skipped = totals["skipped"] as? Int ?? -1
        #expect((totals["created"] as? Int ?? 0) + failed + skipped == 24)
        #expect(result.status == (failed + skipped > 0 ? 1 : 0), "\(result.stderr)")
        for job in jobs where job["outcome"] as? String == "failed" {
            let error = job["error"] as? String ?? ""
            #expect(error.contains("cut off") || error.contains("attempts"), "\(error)")
        }
        #expect(jobs.contains { ($0["attempts"] as? Int ?? 0) > 1 }, "some answers needed retries")
        #expect(!(try allText(folder.path)).contains("SENTINEL"))
        #expect(!result.stderr.contains("SENTINEL") && !result.stdout.contains("SENTINEL"))
    }

    @Test("An endpoint that echoes the key upper-cased in its answers: the key reaches no draft, cache, export or later prompt")
    func echoedKey() async throws {
        let mock = try MockProcess(["--fault-rate", "1", "--faults", "echo-key"])
        let folder = try project()
        let result = try await DocentBinary.run(["run"], in: folder.path, environment: environment(mock))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try folder.read("output/oak-chest/draft.general.fr.md").contains("[redacted]"), "the mock did not echo the key")
        #expect(try await DocentBinary.run(["export", "--csv", "export.csv"], in: folder.path).status == 0)
        let everything = try allText(folder.path).lowercased()
        #expect(!everything.contains("sentinel"), "the key was written somewhere")
        #expect(!result.stderr.lowercased().contains("sentinel"))
    }

    @Test("A rejected key stops the run at once with one clear message, exit 78, and the key is nowhere")
    func badKey() async throws {
        let mock = try MockProcess(["--require-key", "the-right-key"])
        let folder = try project()
        let result = try await DocentBinary.run(["run"], in: folder.path, environment: environment(mock))
        #expect(result.status == 78)
        #expect(result.stderr.contains("The run stopped: authentication failed: HTTP 401"), "\(result.stderr)")
        #expect(!result.stderr.contains("SENTINEL"))
        #expect(!(try allText(folder.path)).contains("SENTINEL"))
        let requests = try await mock.stats()["requests"] as? Int ?? 0
        #expect(requests <= 8, "at most the requests already in flight: \(requests)")
    }

    @Test("An endpoint that cannot be reached: exit 69, nothing written")
    func unreachable() async throws {
        let folder = try project(attempts: 1)
        let result = try await DocentBinary.run(["run"], in: folder.path,
                                          environment: ["DOCENT_BASE_URL": "http://127.0.0.1:9/v1", "DOCENT_API_KEY": Self.sentinel])
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("could not be reached"))
        #expect(!folder.exists("output/oak-chest/draft.general.fr.md"))
    }

    @Test("A hosted provider without a key is a configuration error")
    func missingKey() async throws {
        let folder = try project()
        let result = try await DocentBinary.run(["run"], in: folder.path, environment: ["DOCENT_BASE_URL": "https://api.openai.com/v1"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("set DOCENT_API_KEY"))
    }

    @Test("Every stage through the mock: drafts, translations, SEO valid against its schema, subtitles that pass the validator")
    func allStages() async throws {
        let mock = try MockProcess()
        let folder = try project()
        let config = try folder.read("pipeline.json")
            .replacingOccurrences(of: #""audiences": ["general", "children"]"#, with: #""audiences": ["general", "audio"], "stages": ["draft", "translate", "seo", "subtitles", "proof"]"#)
        try folder.write(config, to: "pipeline.json")
        let result = try await DocentBinary.run(["run"], in: folder.path, environment: environment(mock))
        #expect(result.status == 0, "\(result.stderr)")
        for id in ["INV-1", "INV-2", "harbour-at-dawn", "oak-chest", "river-photo", "wool-hanging"] {
            for language in ["fr", "en"] {
                for audience in ["general", "audio"] {
                    #expect(folder.exists("output/\(id)/draft.\(audience).\(language).md"))
                }
                let seoText = try folder.read("output/\(id)/seo.\(language).json")
                var seo = try JSONSerialization.jsonObject(with: Data(seoText.utf8)) as? [String: Any] ?? [:]
                #expect((seo["json_ld"] as? [String: Any])?["@type"] as? String == "VisualArtwork")
                seo["json_ld"] = nil
                seo["_docent"] = nil
                let fields = String(decoding: try JSONSerialization.data(withJSONObject: seo), as: UTF8.self)
                #expect(JSONSchemaValidator.validate(json: fields, schema: SEOFields.schema).isEmpty, "\(fields)")
                let vtt = try folder.read("output/\(id)/subtitles.\(language).vtt")
                let cues = try Subtitles.parseWebVTT(vtt)
                #expect(!cues.isEmpty)
                #expect(Subtitles.validate(cues).filter { $0.severity == .error }.isEmpty)
                #expect(try Subtitles.parseSRT(folder.read("output/\(id)/subtitles.\(language).srt")) == cues)
            }
        }
        // Nothing changed: nothing runs, nothing is asked of the endpoint.
        let again = try await DocentBinary.run(["run"], in: folder.path, environment: environment(mock))
        #expect(again.stderr.contains(" 0 written"), "\(again.stderr)")
    }

    @Test("Anthropic's API works end to end, streaming")
    func anthropic() async throws {
        let mock = try MockProcess()
        let folder = try project()
        let config = try folder.read("pipeline.json").replacingOccurrences(
            of: #""provider": "openai", "name": "mock-model""#, with: #""provider": "anthropic", "name": "mock-model", "stream": true"#)
        try folder.write(config, to: "pipeline.json")
        let result = try await DocentBinary.run(["run"], in: folder.path, environment: environment(mock))
        #expect(result.status == 0, "\(result.stderr)")
        let draft = try folder.read("output/oak-chest/draft.general.fr.md")
        #expect(draft.contains("provider: \"anthropic\""))
        #expect(draft.contains("model: \"mock-model\""))
    }
}
