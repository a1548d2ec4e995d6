import Domain
import Foundation
import LLM
import Review
import Synchronization

/// What later commands need of the last run's `report.json`: its failed jobs, the artwork
/// folders it marked as having no record, its model, and how far its paid jobs went past their
/// estimates (`plan`). Read one job at a time, keeping only these: at 10,000 artworks the
/// report has 440,000 jobs, and `status`, `plan` and every page of the review app decoded them
/// all (2,000 artworks, a 51 MB report: `docent status` held 245 MB with the report and 125 MB
/// without it; reading it this way, 194 MB).
package struct LastRun: Sendable, Decodable {
    package var generator: ModelDescriptor
    /// The jobs that failed, in report order.
    package var failures: [RunReport.Job]
    /// Artwork folders no record named at that run.
    package var retiredArtworks: [String]
    /// By stage, the paid jobs that recorded an estimate: their tokens and estimates summed.
    var paid: [Stage: PaidTokens]

    /// Sums over the paid jobs of one stage.
    struct PaidTokens: Sendable {
        var jobs = 0
        var promptTokens = 0
        var completionTokens = 0
        var estimatedPromptTokens = 0
        var estimatedCompletionTokens = 0

        mutating func add(_ job: RunReport.Job) {
            guard job.promptTokens + job.completionTokens > 0, let estimate = job.estimatedPromptTokens else { return }
            jobs += 1
            promptTokens += job.promptTokens
            completionTokens += job.completionTokens
            estimatedPromptTokens += estimate
            estimatedCompletionTokens += job.estimatedCompletionTokens ?? 0
        }
    }

    enum CodingKeys: String, CodingKey {
        case generator, jobs
        case retiredArtworks = "retired_artworks"
    }

    package init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: CodingKeys.self)
        generator = try fields.decode(ModelDescriptor.self, forKey: .generator)
        retiredArtworks = try fields.decodeIfPresent([String].self, forKey: .retiredArtworks) ?? []
        failures = []
        paid = [:]
        var jobs = try fields.nestedUnkeyedContainer(forKey: .jobs)
        while !jobs.isAtEnd {
            let job = try jobs.decode(RunReport.Job.self)
            if job.outcome == .failed { failures.append(job) }
            paid[job.stage, default: PaidTokens()].add(job)
        }
    }

    /// The last run's report in `layout`'s folder (nil when there is none, or it cannot be
    /// read). The review app asks for every page and card: the report is read again only when
    /// its file changed (a run replaces it by renaming, so a new one is a new file).
    package static func read(in layout: OutputLayout) -> LastRun? {
        let path = layout.reportPath
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        let stamp = FileStamp(attributes)
        if let kept = kept.withLock({ $0 }), kept.path == path, kept.stamp == stamp { return kept.run }
        let run = FileManager.default.contents(atPath: path).flatMap { try? JSONDecoder().decode(LastRun.self, from: $0) }
        kept.withLock { $0 = (path, stamp, run) }
        return run
    }

    /// The one report read last, with the file it was read from.
    private static let kept = Mutex<(path: String, stamp: FileStamp, run: LastRun?)?>(nil)

    /// Only the artwork folders the last run marked as having no record: read without decoding
    /// its jobs (hundreds of thousands at collection scale), for a run deciding whether to
    /// write the page again.
    static func retired(in layout: OutputLayout) -> [String] {
        struct Retired: Decodable {
            var retiredArtworks: [String]?
            enum CodingKeys: String, CodingKey { case retiredArtworks = "retired_artworks" }
        }
        guard let data = FileManager.default.contents(atPath: layout.reportPath) else { return [] }
        return (try? JSONDecoder().decode(Retired.self, from: data))?.retiredArtworks ?? []
    }

    /// Which file a path held: a file renamed into place has another inode.
    private struct FileStamp: Equatable {
        var inode: UInt64
        var size: UInt64
        var modified: Date?

        init(_ attributes: [FileAttributeKey: Any]) {
            inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
            size = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
            modified = attributes[.modificationDate] as? Date
        }
    }

    /// The failed jobs as the review page shows them.
    package var pageFailures: [ReviewPage.Failure] {
        failures.map(ReviewPage.Failure.init)
    }

    /// How far that run's paid requests went past what `plan` estimated for each job's first
    /// request, by stage: the ratio of the tokens spent (prompt, completion) to the estimate,
    /// over the jobs that paid for an answer. Nil for a stage with fewer than `minimumJobs` of
    /// them: a few jobs say little (one artwork's revisions can double its cost).
    package func observedFactors(stage: Stage, minimumJobs: Int = 10) -> (prompt: Double, completion: Double)? {
        guard let sums = paid[stage], sums.jobs >= minimumJobs,
              sums.estimatedPromptTokens > 0, sums.estimatedCompletionTokens > 0 else { return nil }
        return (Double(sums.promptTokens) / Double(sums.estimatedPromptTokens),
                Double(sums.completionTokens) / Double(sums.estimatedCompletionTokens))
    }
}
