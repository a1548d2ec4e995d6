import Domain
import Foundation
import Logging
import Pipeline
import Project
import Review
import Synchronization

/// Keeps `output/index.html` (the static page for people who only read) in step with what
/// editors do in the app, as `docent approve` does for the CLI. Each action marks it out of
/// date; one writer renders it again in the background, so a burst of clicks costs one render
/// (a page of 10,000 drafts takes seconds: never inside a request). What is still out of date
/// when the app stops is written before it exits.
package final class StaticPageRefresher: Sendable {
    private let outOfDate = Mutex(false)
    private let wakeUps: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let write: @Sendable () throws -> Void
    private let logger = Logger(label: "docent.review")

    package init(write: @escaping @Sendable () throws -> Void) {
        // One wake-up waiting at most: clicks during a render ask for one more, not one each.
        (wakeUps, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.write = write
    }

    /// For `config`'s output folder, as the CLI writes it.
    package convenience init(config: PipelineConfig, layout: OutputLayout) {
        self.init { try ReviewPage.write(config: config, layout: layout) }
    }

    /// An action changed a file: the page is rendered again soon.
    package func changed() {
        outOfDate.withLock { $0 = true }
        wake.yield()
    }

    /// Renders the page if an action changed a file since the last render: on a writing
    /// thread at low priority, so that the editors' own pages go first.
    package func refreshIfChanged() async {
        guard outOfDate.withLock({ state in defer { state = false }; return state }) else { return }
        do {
            try await AtomicFile.offload(write)
        } catch {
            // The drafts themselves are written; only the static copy is behind.
            logger.warning("output/index.html was not updated: \(error)")
        }
    }

    /// Renders after each change until cancelled, then once more if a change came last.
    package func run() async {
        for await _ in wakeUps {
            if Task.isCancelled { break }
            await refreshIfChanged()
        }
        await refreshIfChanged()
    }

    /// Ends `run` (after its last render).
    package func finish() { wake.finish() }
}
