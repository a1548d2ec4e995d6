import Domain
import Catalog
import Foundation
import Project
import Review

/// Review page sections rendered during a run, by artwork, kept on disk until the page is
/// written (`SectionSpool`).
final class ReviewSections: Sendable {
    let spool: SectionSpool

    init(layout: OutputLayout) {
        spool = SectionSpool(in: layout.root)
    }

    func render(_ artwork: Artwork, jobs: [RunReport.Job], config: PipelineConfig, layout: OutputLayout, clock: Date) {
        let failures = jobs.filter { $0.outcome == .failed }.map {
            ReviewPage.Failure(artwork: $0.artwork, file: $0.key.fileName, error: $0.error ?? "")
        }
        // The record is the one the run just wrote as record.json: not read back. Templates
        // that cannot be loaded are reported when the page is written, once.
        guard let section = try? ReviewPage(config: config, layout: layout, failures: failures, clock: clock)
            .section(artwork.id, record: artwork) else { return }
        spool.add(artwork.id, section)
    }
}
