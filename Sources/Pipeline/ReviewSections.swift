import Domain
import Catalog
import Foundation
import Project
import Review
import Synchronization

/// Review page sections rendered during a run, by artwork.
final class ReviewSections: Sendable {
    private let sections = Mutex<[String: ReviewPage.Section]>([:])

    func render(_ artwork: Artwork, jobs: [RunReport.Job], config: PipelineConfig, layout: OutputLayout, clock: Date) {
        let failures = jobs.filter { $0.outcome == .failed }.map {
            ReviewPage.Failure(artwork: $0.artwork, file: $0.key.fileName, error: $0.error ?? "")
        }
        // The record is the one the run just wrote as record.json: not read back. Templates
        // that cannot be loaded are reported when the page is written, once.
        guard let section = try? ReviewPage(config: config, layout: layout, failures: failures, clock: clock)
            .section(artwork.id, record: artwork) else { return }
        let id = artwork.id
        sections.withLock { $0[id] = section }
    }

    /// The sections, handed over: the page lets each go once copied, so they are held once.
    func takeAll() -> [String: ReviewPage.Section] {
        sections.withLock { sections in
            defer { sections = [:] }
            return sections
        }
    }
}
