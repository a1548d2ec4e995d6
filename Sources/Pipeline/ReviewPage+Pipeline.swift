import Foundation
import Review

extension ReviewPage {
    /// The review page for a configuration's output folder, with failures from the last report.
    public static func write(config: PipelineConfig, layout: OutputLayout, clock: Date = Runner.defaultClock()) {
        var failures: [Failure] = []
        if let data = FileManager.default.contents(atPath: layout.reportPath),
           let report = try? JSONDecoder().decode(RunReport.self, from: data) {
            failures = report.jobs.filter { $0.outcome == .failed }.map {
                Failure(artwork: $0.artwork, file: JobKey(artwork: $0.artwork, stage: $0.stage, audience: $0.audience, language: $0.language).fileName,
                        error: $0.error ?? "")
            }
        }
        let targets = Dictionary(config.audiences.map { ($0.name, Target(label: $0.label, minWords: $0.minWords, maxWords: $0.maxWords)) },
                                 uniquingKeysWith: { a, _ in a })
        let page = ReviewPage(layout: layout, institution: config.institution.name, targets: targets, failures: failures,
                              projectDirectory: config.baseDirectory, generatedAt: Timestamp.string(clock))
        try? AtomicFile.write(page.render(), to: layout.indexPath)
    }
}
