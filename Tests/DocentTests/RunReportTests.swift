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
}
