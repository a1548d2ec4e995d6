import Domain
import Foundation
import LLM
import Prose
import Review

/// `output/report.json`: what the last run did, job by job, with totals.
package struct RunReport: Sendable, Codable {
    package struct Job: Sendable, Codable {
        package var artwork: String
        package var stage: Stage
        package var audience: String
        package var language: String
        package var outcome: JobOutcome
        package var file: String?
        package var error: String?
        package var attempts: Int
        package var promptTokens: Int
        package var completionTokens: Int
        /// Of the prompt tokens, those the provider read from its prompt cache (absent: none).
        package var cachedPromptTokens: Int?
        package var latencyMs: Int
        package var cost: Double
        package var checks: [String]
        /// What `plan` estimates for the job's first request (prompt and completion tokens),
        /// recorded so that the next plan can learn how far the run went past it (revision
        /// rounds, proofreading, longer answers). Nil for jobs that sent nothing.
        package var estimatedPromptTokens: Int?
        package var estimatedCompletionTokens: Int?
        /// Failed because the endpoint could not be reached at all (not in report.json: the
        /// exit code of the run that made it says so).
        package var endpointUnreachable = false
        /// Skipped because its request is in a provider batch that has not ended (`--no-wait`;
        /// not in report.json: its error says so).
        package var waitingForBatch = false

        /// Which job this was.
        package var key: JobKey { JobKey(artwork: artwork, stage: stage, audience: audience, language: language) }

        enum CodingKeys: String, CodingKey {
            case artwork, stage, audience, language, outcome, file, error, attempts
            case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", cachedPromptTokens = "cached_prompt_tokens"
            case latencyMs = "latency_ms", cost, checks
            case estimatedPromptTokens = "estimated_prompt_tokens", estimatedCompletionTokens = "estimated_completion_tokens"
        }
    }

    package struct Totals: Sendable, Codable {
        package var jobs = 0
        package var created = 0
        package var overwritten = 0
        package var proposed = 0
        /// Optional only so that reports written before it was counted still read.
        package var resolved: Int? = 0
        package var upToDate = 0
        package var protected = 0
        package var failed = 0
        package var skipped = 0
        /// Optional only so that reports written before it was counted still read.
        package var notApplicable: Int? = 0
        package var promptTokens = 0
        package var completionTokens = 0
        /// Optional only so that reports written before it was counted still read.
        package var cachedPromptTokens: Int? = 0
        package var cost = 0.0

        enum CodingKeys: String, CodingKey {
            case jobs, created, overwritten, proposed, resolved, failed, skipped, cost
            case notApplicable = "not_applicable"
            case upToDate = "up_to_date", protected
            case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", cachedPromptTokens = "cached_prompt_tokens"
        }
    }

    /// What the checks found in the texts this run wrote (new, updated or proposed): how many
    /// carry errors and warnings, and by rule how many texts each rule flagged.
    package struct CheckTotals: Sendable, Codable, Equatable {
        package var textsWritten = 0
        package var textsWithErrors = 0
        package var textsWithWarnings = 0
        /// Rule → texts with an error of that rule (JSON keys sorted: the same bytes every run).
        package var errorsByRule: [String: Int] = [:]
        package var warningsByRule: [String: Int] = [:]

        enum CodingKeys: String, CodingKey {
            case textsWritten = "texts_written", textsWithErrors = "texts_with_errors", textsWithWarnings = "texts_with_warnings"
            case errorsByRule = "errors_by_rule", warningsByRule = "warnings_by_rule"
        }

        init() {}

        init(_ jobs: [Job]) {
            for job in jobs { add(job) }
        }

        /// Counts `job`'s checks when it wrote a text.
        mutating func add(_ job: Job) {
            guard [.created, .overwritten, .proposed].contains(job.outcome) else { return }
            textsWritten += 1
            // Each check as the job recorded it: "severity: rule: message".
            let found = job.checks.map { $0.split(separator: ":", maxSplits: 2).map { $0.trimmingCharacters(in: .whitespaces) } }
            let errors = Set(found.filter { $0.count >= 2 && $0[0] == "error" }.map { $0[1] })
            let warnings = Set(found.filter { $0.count >= 2 && $0[0] == "warning" }.map { $0[1] })
            if !errors.isEmpty { textsWithErrors += 1 }
            if !warnings.isEmpty { textsWithWarnings += 1 }
            for rule in errors { errorsByRule[rule, default: 0] += 1 }
            for rule in warnings { warningsByRule[rule, default: 0] += 1 }
        }

        /// "160 with errors (grounding 120, hygiene 60)": rules by count, then name.
        package static func line(_ count: Int, _ what: String, _ byRule: [String: Int]) -> String {
            let rules = byRule.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(5).map { "\($0.key) \($0.value)" }
            return "\(count) with \(what)" + (rules.isEmpty ? "" : " (" + rules.joined(separator: ", ") + (byRule.count > 5 ? ", …" : "") + ")")
        }
    }

    package var startedAt: String
    package var finishedAt: String
    package var generator: ModelDescriptor
    package var recordIssues: [String]
    /// Why the run stopped early (an authentication failure), if it did.
    package var stoppedBecause: String?
    /// The failure that stopped it (not in report.json: `stoppedBecause` says it in words).
    package var stopError: ChatError?
    package var totals: Totals
    /// Optional only so that reports written before it was counted still read.
    package var checks: CheckTotals?
    package var jobs: [Job]
    /// The run's own files and stores that failed (the review page, the report, the answer
    /// cache): the drafts may be fine, but the run did not finish its work. Nil when none.
    package var outputProblems: [String]?
    /// Artwork folders in the output folder that no record named at this run (nil when none).
    package var retiredArtworks: [String]?
    /// Where every job of a run's own report is (nil: `jobs` has them all).
    var log: JobLog?
    /// Jobs left waiting for a provider batch (`--no-wait`; not in report.json: their errors say so).
    package var waitingForBatches = 0

    enum CodingKeys: String, CodingKey {
        case startedAt = "started_at", finishedAt = "finished_at", generator
        case recordIssues = "record_issues", stoppedBecause = "stopped_because", totals, checks, jobs
        case outputProblems = "output_problems", retiredArtworks = "retired_artworks"
    }

    package init(startedAt: String, finishedAt: String, generator: ModelDescriptor, recordIssues: [String],
                stopError: ChatError? = nil, jobs: [Job]) {
        let sorted = jobs.sorted(by: Job.reportOrder)
        var totals = Totals()
        for job in sorted { totals.add(job) }
        // Summed as a run's log sums it (by artwork, in report order): the same bytes either way.
        var costs: [(artwork: String, cost: Double)] = []
        for job in sorted {
            if costs.last?.artwork == job.artwork { costs[costs.count - 1].cost += job.cost } else { costs.append((job.artwork, job.cost)) }
        }
        totals.cost = costs.reduce(0) { $0 + $1.cost }
        self.init(startedAt: startedAt, finishedAt: finishedAt, generator: generator, recordIssues: recordIssues, stopError: stopError,
                  summary: (totals, CheckTotals(sorted), sorted), log: nil)
        waitingForBatches = sorted.count(where: \.waitingForBatch)
    }

    /// A run's report whose jobs are in `log` (on disk): `totals` and `checks` count them all,
    /// `jobs` holds only those that did not end well or were not written (failed, skipped,
    /// not applicable: what the command line says of them; those waiting for a batch only
    /// counted, `waitingForBatches`). report.json has every job, in
    /// order (`write(to:)`, `stream(_:)`).
    init(startedAt: String, finishedAt: String, generator: ModelDescriptor, recordIssues: [String],
         stopError: ChatError? = nil, log: JobLog) {
        self.init(startedAt: startedAt, finishedAt: finishedAt, generator: generator, recordIssues: recordIssues, stopError: stopError,
                  summary: log.summary(), log: log)
        waitingForBatches = log.waitingForBatches
    }

    private init(startedAt: String, finishedAt: String, generator: ModelDescriptor, recordIssues: [String], stopError: ChatError?,
                 summary: (Totals, CheckTotals, [Job]), log: JobLog?) {
        self.stopError = stopError
        self.stoppedBecause = stopError?.description
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.generator = generator
        self.recordIssues = recordIssues
        (totals, checks, jobs) = summary
        self.log = log
    }

    /// report.json, as `JSONEncoder.docentPretty` writes it.
    package func encoded() throws -> Data {
        var data = Data()
        try stream { data.append($0) }
        return data
    }

    /// Writes report.json to `path` (atomically) a piece at a time: a run's jobs come from its
    /// log, one artwork at a time, and are never all in memory.
    package func write(to path: String) throws {
        try AtomicFile.write(to: path) { append in try stream(append) }
    }

    /// report.json's bytes, in pieces: the same bytes `JSONEncoder.docentPretty` gives for the
    /// whole report (keys sorted, two spaces a level), with the jobs from the log spliced in.
    package func stream(_ append: (Data) throws -> Void) throws {
        guard let log else { return try append(JSONEncoder.docentPretty.encode(self)) }
        var frame = self
        frame.jobs = []
        frame.log = nil
        let text = String(decoding: try JSONEncoder.docentPretty.encode(frame), as: UTF8.self)
        let empty = "\n  \"jobs\" : [\n\n  ]"
        guard let range = text.range(of: empty), !log.isEmpty else { return try append(Data(text.utf8)) }
        try append(Data((text[..<range.lowerBound] + "\n  \"jobs\" : [\n").utf8))
        try log.stream(indented: 4, append)
        try append(Data(("\n  ]" + text[range.upperBound...]).utf8))
    }
}

extension RunReport.Totals {
    /// Counts `job`.
    mutating func add(_ job: RunReport.Job) {
        jobs += 1
        switch job.outcome {
        case .created: created += 1
        case .overwritten: overwritten += 1
        case .proposed: proposed += 1
        case .resolved: resolved = (resolved ?? 0) + 1
        case .upToDate: upToDate += 1
        case .protected: protected += 1
        case .failed: failed += 1
        case .skipped: skipped += 1
        case .notApplicable: notApplicable = (notApplicable ?? 0) + 1
        }
        promptTokens += job.promptTokens
        completionTokens += job.completionTokens
        cachedPromptTokens = (cachedPromptTokens ?? 0) + (job.cachedPromptTokens ?? 0)
        cost += job.cost
    }
}
