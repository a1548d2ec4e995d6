import Foundation
import Review

extension ReviewPage {
    /// The review page for a configuration's output folder, with failures from the last report.
    public static func write(config: PipelineConfig, layout: OutputLayout, clock: Date = Runner.defaultClock()) {
        let failures = RunReport.lastFailures(in: layout).map {
            Failure(artwork: $0.artwork, file: $0.key.fileName, error: $0.error ?? "")
        }
        let targets = Dictionary(config.audiences.map { ($0.name, Target(label: $0.label, minWords: $0.minWords, maxWords: $0.maxWords)) },
                                 uniquingKeysWith: { a, _ in a })
        let page = ReviewPage(layout: layout, institution: config.institution.name, targets: targets, failures: failures,
                              projectDirectory: config.baseDirectory, generatedAt: Timestamp.string(clock))
        try? AtomicFile.write(page.renderData(), to: layout.indexPath)
    }
}
