import Domain
import Foundation
import Project
import Review

extension ReviewPage {
    /// The review page for a configuration's output folder, with failures from the last report
    /// (`lastRun`: that report, when the caller has it). `prepared`: sections a run rendered already.
    /// Writes output/index.html; throws when it cannot (a full disk), so that the caller says so.
    package static func write(config: PipelineConfig, layout: OutputLayout, clock: Date = Runner.defaultClock(),
                             lastRun: RunReport? = nil, prepared: SectionSpool? = nil) throws {
        let (failures, retired) = if let lastRun {
            (lastRun.jobs.filter { $0.outcome == .failed }.map(Failure.init), lastRun.retiredArtworks ?? [])
        } else {
            LastRun.read(in: layout).map { ($0.pageFailures, $0.retiredArtworks) } ?? ([], [])
        }
        var page = ReviewPage(config: config, layout: layout, failures: failures, clock: clock)
        page.retired = Set(retired)
        try page.write(to: layout.indexPath, prepared: prepared)
    }

    package init(config: PipelineConfig, layout: OutputLayout, failures: [Failure], clock: Date) {
        let targets = Dictionary(config.audiences.map { ($0.name, Target(label: $0.label, minWords: $0.minWords, maxWords: $0.maxWords,
                                                                        maxCharacters: $0.maxCharacters, seesImage: $0.seesImage)) },
                                 uniquingKeysWith: { a, _ in a })
        self.init(layout: layout, institution: config.institution.name, targets: targets, failures: failures,
                  projectDirectory: config.baseDirectory, generatedAt: Timestamp.string(clock))
    }
}

extension ReviewPage.Failure {
    /// A failed job as the page shows it.
    init(_ job: RunReport.Job) {
        self.init(artwork: job.artwork, file: job.key.fileName, error: job.error ?? "")
    }
}
