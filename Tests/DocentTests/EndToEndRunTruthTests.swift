import Foundation
import Testing

/// A run tells the truth: findings counted and able to fail CI, cut-off answers asked again
/// and paid for in the report, a plan close to the run it predicts, costs in a currency or
/// said to be unknown, batches that never hang. Through the built binary against the mock.
@Suite("A run tells the truth", .serialized)
struct EndToEndRunTruthTests {
    func project(model: String = #""provider": "openai", "name": "mock-model""#, extra: String = "",
                 prices: String = #""prices": {"currency": "EUR", "mock-model": {"input_per_million": 2, "output_per_million": 8}},"#) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("""
            {"institution": {"name": "Musée de Test"},
             "sources": {"artworks": ["artworks"], "csv_columns": {"Inventory": "id", "Title": "title"}},
             "source_language": "fr", "languages": ["en"], "audiences": ["general", "children"],
             "stages": ["draft", "translate", "seo", "proof"], \(prices)
             "limits": {"jobs": 4, "revision_rounds": 2}\(extra),
             "model": {\(model), "batch_poll_seconds": 0.1, "max_tokens": 1500}}
            """, to: "pipeline.json")
        try folder.copy(Repo.templates, to: "templates")
        try folder.copy(Repo.fixtures + "/records", to: "artworks")
        return folder
    }

    func environment(_ mock: MockProcess) -> [String: String] {
        ["DOCENT_BASE_URL": mock.baseURL, "DOCENT_API_KEY": "k", "SOURCE_DATE_EPOCH": "1800000000"]
    }

    func report(_ folder: TemporaryFolder) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(try folder.read("output/report.json").utf8)) as? [String: Any] ?? [:]
    }

    @Test("The summary and report.json count the texts written with errors and warnings, by rule; --fail-on error turns them into exit 1")
    func findingsCounted() async throws {
        let mock = try MockProcess([])
        let folder = try project()
        let run = try await DocentBinary.run(["run"], in: folder.path, environment: environment(mock))
        #expect(run.status == 0, "\(run.stderr)")
        let checks = try report(folder)["checks"] as? [String: Any] ?? [:]
        let written = checks["texts_written"] as? Int ?? 0
        let withErrors = checks["texts_with_errors"] as? Int ?? 0
        #expect(written > 0)
        #expect(run.stderr.contains("Checks on the \(written) texts written: \(withErrors) with errors"), "\(run.stderr)")
        let byRule = checks["errors_by_rule"] as? [String: Int] ?? [:]
        #expect(byRule.values.reduce(0, +) >= withErrors)
        // The mock's texts carry errors (unverified names, wrong language): CI can fail on them.
        #expect(withErrors > 0, "the mock's answers are expected to be flagged: \(checks)")
        try FileManager.default.removeItem(atPath: folder.file("output"))
        let strict = try await DocentBinary.run(["run", "--fail-on", "error"], in: folder.path, environment: environment(mock))
        #expect(strict.status == 1, "\(strict.stderr)")
        let bad = try await DocentBinary.run(["run", "--fail-on", "never"], in: folder.path, environment: environment(mock))
        #expect(bad.status == 64)
    }

    @Test("A draft cut off at its audience's token budget is asked again with twice the room; one cut off even so fails, its tokens and cost counted")
    func cutOffAnswers() async throws {
        // Answers need at least 700 tokens of room: the audiences' budgets are below, twice them above.
        let roomy = try MockProcess(["--length-below-max-tokens", "700"])
        let folder = try project(extra: "")
        let run = try await DocentBinary.run(["run", "--stage", "draft"], in: folder.path, environment: environment(roomy))
        #expect(run.status == 0, "\(run.stderr)")
        let totals = try report(folder)["totals"] as? [String: Any] ?? [:]
        #expect(totals["failed"] as? Int == 0, "\(totals)")
        // Every draft needed two requests: the cut-off one was paid and is in the job's tokens.
        let stats = try await roomy.stats()
        #expect((stats["requests"] as? Int ?? 0) >= 2 * (totals["created"] as? Int ?? 0), "\(stats)")

        // No room is enough: each draft fails after its second cut-off answer, and says what it cost.
        let tight = try MockProcess(["--length-below-max-tokens", "100000"])
        let other = try project()
        let failed = try await DocentBinary.run(["run", "--stage", "draft"], in: other.path, environment: environment(tight))
        #expect(failed.status == 1)
        let jobs = try report(other)["jobs"] as? [[String: Any]] ?? []
        let drafts = jobs.filter { $0["stage"] as? String == "draft" }
        #expect(!drafts.isEmpty)
        for job in drafts {
            #expect(job["outcome"] as? String == "failed")
            #expect((job["error"] as? String ?? "").contains("cut off"), "\(job)")
            #expect((job["prompt_tokens"] as? Int ?? 0) > 0 && (job["completion_tokens"] as? Int ?? 0) > 0, "paid for: \(job)")
            #expect((job["cost"] as? Double ?? 0) > 0, "\(job)")
        }
        let reportTotals = try report(other)["totals"] as? [String: Any] ?? [:]
        #expect((reportTotals["cost"] as? Double ?? 0) > 0)
        #expect(failed.stderr.contains("EUR"), "the summary shows the cost with its currency: \(failed.stderr)")
    }

    @Test("plan, revision rounds and proofreading included, lands within 25 % of the run it predicts; then again, learned from that run")
    func planWithinQuarter() async throws {
        let mock = try MockProcess([])
        let folder = try project()
        func planned() async throws -> Double {
            let plan = try await DocentBinary.run(["plan", "--json"], in: folder.path, environment: environment(mock))
            #expect(plan.status == 0, "\(plan.stderr)")
            let object = (try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any]) ?? [:]
            #expect(object["currency"] as? String == "EUR")
            return object["estimated_cost"] as? Double ?? 0
        }
        func ran() async throws -> Double {
            let run = try await DocentBinary.run(["run"], in: folder.path, environment: environment(mock))
            #expect(run.status == 0, "\(run.stderr)")
            return (try report(folder)["totals"] as? [String: Any])?["cost"] as? Double ?? 0
        }
        // No run yet: the stated defaults.
        let estimate = try await planned()
        let cost = try await ran()
        #expect(cost > 0)
        #expect(abs(estimate - cost) / cost <= 0.25, "planned \(estimate), cost \(cost)")
        // Every text again (a new prompt wording), with no cached answer: learned from the run.
        try FileManager.default.removeItem(atPath: folder.file(".docent/cache"))
        for name in ["draft", "translate", "seo"] {
            try folder.write(try folder.read("templates/prompts/\(name).mustache") + "\nBe concrete.\n", to: "templates/prompts/\(name).mustache")
        }
        let second = try await planned()
        let secondCost = try await ran()
        #expect(abs(second - secondCost) / secondCost <= 0.25, "planned \(second), cost \(secondCost)")
    }

    @Test("A model without a price: plan and run warn naming it, and show no cost of 0")
    func unpricedModel() async throws {
        let mock = try MockProcess([])
        let folder = try project(prices: "")
        let plan = try await DocentBinary.run(["plan"], in: folder.path, environment: environment(mock))
        #expect(plan.stderr.contains("warning: no price for model 'mock-model'"), "\(plan.stderr)")
        #expect(plan.stdout.contains("estimated cost unknown"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("0.0000"))
        let run = try await DocentBinary.run(["run", "--stage", "draft", "--only", "oak-chest"], in: folder.path, environment: environment(mock))
        #expect(run.stderr.contains("warning: no price for model 'mock-model'"))
        #expect(run.stderr.contains("cost unknown"), "\(run.stderr)")
    }

    @Test("A recorded batch the provider does not know (404) ends at the first poll with one warning naming the URL; its requests go synchronously",
          arguments: ["openai", "anthropic"])
    func unknownBatch(provider: String) async throws {
        let first = try MockProcess(["--batch-delay", "60000"])
        let folder = try project(model: #""provider": "\#(provider)", "name": "mock-model""#)
        let sent = try await DocentBinary.run(["run", "--batch", "--no-wait", "--stage", "draft"], in: folder.path, environment: environment(first))
        #expect(sent.status == 0, "\(sent.stderr)")
        // Another endpoint (a new mock) has never heard of the recorded batch.
        let other = try MockProcess([])
        let run = try await DocentBinary.run(["run", "--batch", "--stage", "draft"], in: folder.path, environment: environment(other))
        #expect(run.status == 0, "\(run.stderr)")
        let warnings = run.stderr.split(separator: "\n").filter { $0.contains("ended:") && $0.contains("HTTP 404") }
        #expect(warnings.count == 1, "\(run.stderr)")
        #expect(warnings.first?.contains(other.baseURL) == true, "the message names the URL: \(run.stderr)")
        let totals = try report(folder)["totals"] as? [String: Any] ?? [:]
        #expect(totals["failed"] as? Int == 0 && totals["skipped"] as? Int == 0, "\(totals)")
    }

    @Test("An answer to batch creation that is not a batch is refused at once; the requests go synchronously", arguments: ["openai", "anthropic"])
    func notABatch(provider: String) async throws {
        let mock = try MockProcess(["--batch-not-a-batch"])
        let folder = try project(model: #""provider": "\#(provider)", "name": "mock-model""#)
        let run = try await DocentBinary.run(["run", "--batch", "--stage", "draft"], in: folder.path, environment: environment(mock))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("is not a") && run.stderr.contains(mock.baseURL), "\(run.stderr)")
        let totals = try report(folder)["totals"] as? [String: Any] ?? [:]
        #expect(totals["failed"] as? Int == 0 && (totals["created"] as? Int ?? 0) > 0, "\(totals)")
        #expect(!FileManager.default.fileExists(atPath: folder.file(".docent/batches/file-not-a-batch.json")))
    }
}
