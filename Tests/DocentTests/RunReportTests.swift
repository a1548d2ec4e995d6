import Domain
import Foundation
import LLM
import Testing
@testable import Pipeline
@testable import Project

@Suite("Run report")
struct RunReportTests {
    static func job(_ artwork: String, _ outcome: JobOutcome, error: String? = nil, file: String? = nil, cost: Double = 0,
                    checks: [String] = []) -> RunReport.Job {
        RunReport.Job(artwork: artwork, stage: .draft, audience: "general", language: "fr", outcome: outcome, file: file, error: error,
                      attempts: 2, promptTokens: 812, completionTokens: 95, latencyMs: 101, cost: cost, checks: checks)
    }

    @Test("report.json: pretty, sorted keys, jobs in a stable order, escapes and numbers; it reads back",
          arguments: [nil, ChatError.authentication("\"key\" rejected")])
    func roundTrip(stopped: ChatError?) throws {
        let jobs = [
            Self.job("monet/étretat", .created, file: "output/monet/draft.general.fr.md", cost: 0.000123,
                     checks: ["warning: typography-fr: no-break space before ':'", "tab\\there\u{1}\u{8}\u{c}\r\n « guillemets » 😀"]),
            Self.job("b-work", .failed, error: "the endpoint said: <html>\"502\"</html>\n", cost: 1e-05),
            Self.job("a-work", .upToDate, cost: 12.5),
            Self.job("c-work", .skipped, cost: 3),
        ]
        var report = RunReport(startedAt: "2026-11-23T17:00:00Z", finishedAt: "2026-11-23T17:00:02Z",
                               generator: ModelDescriptor(provider: .openai, model: "gpt/4o"),
                               recordIssues: stopped == nil ? [] : ["artworks/list.csv:3: missing 'Title'"], stopError: stopped, jobs: jobs)
        let text = String(decoding: try report.encoded(), as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"checks\" : {\n"), "\(text.prefix(120))")
        #expect(text.contains("\"finished_at\" : \"2026-11-23T17:00:02Z\",\n  \"generator\" : {"), "\(text.prefix(400))")
        #expect(text.contains("\"model\" : \"gpt/4o\""))
        #expect(!text.contains("output_problems"), "no output problems, no key")
        let read = try JSONDecoder().decode(RunReport.self, from: try report.encoded())
        #expect(read.jobs.map(\.artwork) == ["a-work", "b-work", "c-work", "monet/étretat"])
        #expect(read.jobs.last?.checks == jobs[0].checks)
        #expect(read.totals.cost == report.totals.cost)
        #expect(read.stoppedBecause == stopped?.description)
        report.outputProblems = ["the review page was not written: No space left on device"]
        let withProblems = try JSONDecoder().decode(RunReport.self, from: try report.encoded())
        #expect(withProblems.outputProblems == report.outputProblems)
    }

    @Test("A run's report streamed from its log, artwork by artwork, has the bytes of the whole report encoded at once")
    func streamedFromTheLog() throws {
        let folder = try TemporaryFolder()
        let jobs = [
            Self.job("monet/étretat", .created, file: "output/monet/draft.general.fr.md", cost: 0.000123,
                     checks: ["warning: typography-fr: no-break space before ':'", "tab\\there\u{1} « guillemets » 😀"]),
            Self.job("b-work", .failed, error: "the endpoint said: <html>\"502\"</html>\n", cost: 1e-05),
            Self.job("a-work", .upToDate, cost: 12.5),
            Self.job("c-work", .skipped, cost: 3),
            RunReport.Job(artwork: "a-work", stage: .translate, audience: "children", language: "en", outcome: .created,
                          attempts: 1, promptTokens: 5, completionTokens: 6, latencyMs: 7, cost: 0.5, checks: []),
        ]
        let generator = ModelDescriptor(provider: .openai, model: "gpt/4o")
        let whole = RunReport(startedAt: "s", finishedAt: "f", generator: generator, recordIssues: [], jobs: jobs)
        let log = JobLog(in: folder.path)
        // Artworks finish in any order, their jobs in any order.
        for artwork in ["c-work", "monet/étretat", "a-work", "b-work"] { log.add(jobs.filter { $0.artwork == artwork }.reversed()) }
        let streamed = RunReport(startedAt: "s", finishedAt: "f", generator: generator, recordIssues: [], log: log)
        #expect(String(decoding: try streamed.encoded(), as: UTF8.self) == String(decoding: try whole.encoded(), as: UTF8.self))
        #expect(streamed.totals.jobs == 5 && streamed.totals.created == 2 && streamed.checks?.textsWritten == 2)
        // In memory: only what did not end well or was not written.
        #expect(streamed.jobs.map(\.artwork) == ["b-work", "c-work"])
        try streamed.write(to: folder.file("report.json"))
        #expect(try folder.read("report.json") == String(decoding: try whole.encoded(), as: UTF8.self))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.json"], "the spool leaves no file")
        let empty = RunReport(startedAt: "s", finishedAt: "f", generator: generator, recordIssues: [], log: JobLog(in: folder.path))
        #expect(try empty.encoded() == (try RunReport(startedAt: "s", finishedAt: "f", generator: generator, recordIssues: [], jobs: []).encoded()))
        // An artwork's jobs added in two parts (a run adds them once; the second part is kept in memory).
        let twice = JobLog(in: folder.path)
        for artwork in ["c-work", "monet/étretat", "b-work"] { twice.add(jobs.filter { $0.artwork == artwork }) }
        twice.add([jobs[4]])
        twice.add([jobs[2]])
        let streamedTwice = RunReport(startedAt: "s", finishedAt: "f", generator: generator, recordIssues: [], log: twice)
        #expect(String(decoding: try streamedTwice.encoded(), as: UTF8.self) == String(decoding: try whole.encoded(), as: UTF8.self))
    }

    @Test("What later commands read of report.json: its failures, retired folders and model, and the plan's factors from every job; a replaced report is read again")
    func lastRun() throws {
        let folder = try TemporaryFolder()
        let layout = OutputLayout(root: folder.path)
        let generator = ModelDescriptor(provider: .openai, model: "gpt/4o")
        func paid(_ artwork: String, _ stage: Stage, prompt: Int, estimate: Int) -> RunReport.Job {
            var job = RunReport.Job(artwork: artwork, stage: stage, audience: "general", language: "fr", outcome: .created, attempts: 1,
                                    promptTokens: prompt, completionTokens: 2 * prompt, latencyMs: 1, cost: 0, checks: [])
            job.estimatedPromptTokens = estimate
            job.estimatedCompletionTokens = estimate
            return job
        }
        var jobs = (0..<10).map { paid("w\($0)", .draft, prompt: 150, estimate: 100) }
        jobs += (0..<9).map { paid("w\($0)", .translate, prompt: 100, estimate: 100) }
        jobs += [Self.job("b-work", .failed, error: "HTTP 500"), Self.job("c-work", .skipped), Self.job("a-work", .failed, error: "cut short")]
        var report = RunReport(startedAt: "s", finishedAt: "f", generator: generator, recordIssues: [], jobs: jobs)
        report.retiredArtworks = ["gone"]
        try report.write(to: layout.reportPath)

        let read = try #require(LastRun.read(in: layout))
        #expect(read.generator == generator)
        #expect(read.failures.map(\.artwork) == ["a-work", "b-work"])
        #expect(read.pageFailures.map(\.error) == ["cut short", "HTTP 500"])
        #expect(read.retiredArtworks == ["gone"])
        let draft = try #require(read.observedFactors(stage: .draft))
        #expect(draft.prompt == 1.5 && draft.completion == 3)
        #expect(read.observedFactors(stage: .translate) == nil, "9 paid jobs are too few")

        // A new run's report, renamed into place: read again, not the one kept.
        report = RunReport(startedAt: "s", finishedAt: "f", generator: generator, recordIssues: [], jobs: [Self.job("a-work", .created)])
        try report.write(to: layout.reportPath)
        #expect(LastRun.read(in: layout)?.failures.isEmpty == true)
        #expect(LastRun.read(in: layout)?.retiredArtworks == [])
        try FileManager.default.removeItem(atPath: layout.reportPath)
        #expect(LastRun.read(in: layout) == nil)
    }
}
