import Foundation
import Project
import LLM
import Prose
import Review

/// `output/report.json`: what the last run did, job by job, with totals.
public struct RunReport: Sendable, Codable {
    public struct Job: Sendable, Codable {
        public var artwork: String
        public var stage: String
        public var audience: String
        public var language: String
        public var outcome: JobOutcome
        public var file: String?
        public var error: String?
        public var attempts: Int
        public var promptTokens: Int
        public var completionTokens: Int
        public var latencyMs: Int
        public var cost: Double
        public var checks: [String]
        /// Failed because the endpoint could not be reached at all (not in report.json: the
        /// exit code of the run that made it says so).
        public var endpointUnreachable = false

        /// Which job this was.
        public var key: JobKey { JobKey(artwork: artwork, stage: stage, audience: audience, language: language) }

        enum CodingKeys: String, CodingKey {
            case artwork, stage, audience, language, outcome, file, error, attempts
            case promptTokens = "prompt_tokens", completionTokens = "completion_tokens"
            case latencyMs = "latency_ms", cost, checks
        }
    }

    public struct Totals: Sendable, Codable {
        public var jobs = 0
        public var created = 0
        public var overwritten = 0
        public var proposed = 0
        public var upToDate = 0
        public var protected = 0
        public var failed = 0
        public var skipped = 0
        public var promptTokens = 0
        public var completionTokens = 0
        public var cost = 0.0

        enum CodingKeys: String, CodingKey {
            case jobs, created, overwritten, proposed, failed, skipped, cost
            case upToDate = "up_to_date", protected
            case promptTokens = "prompt_tokens", completionTokens = "completion_tokens"
        }
    }

    public var startedAt: String
    public var finishedAt: String
    public var generator: ModelDescriptor
    public var recordIssues: [String]
    /// Why the run stopped early (an authentication failure), if it did.
    public var stoppedBecause: String?
    /// The failure that stopped it (not in report.json: `stoppedBecause` says it in words).
    public var stopError: ChatError?
    public var totals: Totals
    public var jobs: [Job]
    /// The run's own files and stores that failed (the review page, the report, the answer
    /// cache): the drafts may be fine, but the run did not finish its work. Nil when none.
    public var outputProblems: [String]?

    enum CodingKeys: String, CodingKey {
        case startedAt = "started_at", finishedAt = "finished_at", generator
        case recordIssues = "record_issues", stoppedBecause = "stopped_because", totals, jobs
        case outputProblems = "output_problems"
    }

    public init(startedAt: String, finishedAt: String, generator: ModelDescriptor, recordIssues: [String],
                stopError: ChatError? = nil, jobs: [Job]) {
        self.stopError = stopError
        self.stoppedBecause = stopError?.description
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.generator = generator
        self.recordIssues = recordIssues
        self.jobs = jobs.sorted { ($0.artwork, $0.audience, $0.stage, $0.language) < ($1.artwork, $1.audience, $1.stage, $1.language) }
        var totals = Totals()
        for job in jobs {
            totals.jobs += 1
            switch job.outcome {
            case .created: totals.created += 1
            case .overwritten: totals.overwritten += 1
            case .proposed: totals.proposed += 1
            case .upToDate: totals.upToDate += 1
            case .protected: totals.protected += 1
            case .failed: totals.failed += 1
            case .skipped: totals.skipped += 1
            }
            totals.promptTokens += job.promptTokens
            totals.completionTokens += job.completionTokens
            totals.cost += job.cost
        }
        self.totals = totals
    }

    /// The failed jobs of the last run in `layout`'s folder (none when there is no report).
    public static func lastFailures(in layout: OutputLayout) -> [Job] {
        guard let data = FileManager.default.contents(atPath: layout.reportPath),
              let report = try? JSONDecoder().decode(RunReport.self, from: data) else { return [] }
        return report.jobs.filter { $0.outcome == .failed }
    }

    /// report.json, as `JSONEncoder.docentPretty` writes it.
    public func encoded() throws -> Data {
        try JSONEncoder.docentPretty.encode(self)
    }
}
