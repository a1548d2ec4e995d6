import Domain
import ArgumentParser
import Foundation
import HTTP
import LLM
import Logging
import Pipeline
import Project
import Review

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Generate the drafts that are missing or out of date.")

    @OptionGroup var project: ProjectOptions

    @OptionGroup var select: SelectionOptions

    @Flag(name: .long, help: "Do not use or fill the answer cache (.docent/cache).")
    var noCache = false

    @Option(name: .long, help: "Exit 1 when a text written by this run has error-level findings ('error'), or any warning too ('warning'): for CI.")
    var failOn: FailOn?

    @Flag(name: .long, help: "Print only problems and the final summary.")
    var quiet = false

    @Flag(name: .long, help: "Print the run report as JSON on standard output.")
    var json = false

    @Flag(name: .long, help: "When another run is writing in this workspace, wait for it to finish instead of stopping (exit 75).")
    var wait = false

    @Flag(name: .long, help: "Send the requests through the provider's Batch API: half the price, answers within a day (also model.batch in pipeline.json).")
    var batch = false

    @Flag(name: .long, help: "With --batch: send the batch and exit 0 without waiting for it; a later `docent run --batch` collects the answers and goes on.")
    var noWait = false

    @Flag(name: .long, help: "Show on standard error how requests are paced: each retry, 429, pause and limit learned from the endpoint, and a summary.")
    var verbose = false

    func run() async throws {
        Log.start(verbose: verbose)
        var workspace = try Workspace.openForCommand(project)
        let batchMode = batch || workspace.config.model.batch
        if noWait, !batchMode {
            printError("--no-wait needs --batch (or model.batch: true): without a batch there is nothing to come back for")
            throw Exit.usage
        }
        let recordErrors = workspace.reportRecordIssues()
        if workspace.catalog.artworks.isEmpty {
            printError("no artwork records could be loaded from \(workspace.config.sources.artworks.joined(separator: ", "))")
            throw Exit.dataError
        }
        let unknown = select.unknownIDs(in: workspace)
        if !unknown.isEmpty {
            printError("--only: no record has the id \(unknown.joined(separator: ", "))")
            throw Exit.usage
        }
        // From here on Ctrl-C is Docent's: before the run starts it quits at once (nothing is
        // written yet); during the run it stops new work and lets the writes finish.
        let interrupt = InterruptHandler()
        // One run at a time writes in a workspace (a CI job and a person, two terminals): the
        // second waits with --wait, or stops at once saying who holds it. Held until the end.
        let lock: WorkspaceLock
        do {
            lock = try await WorkspaceLock.acquire(at: workspace.lockPath, wait: wait, started: Timestamp.string(Date())) { holder in
                printError("Waiting: another docent run is writing in this workspace (\(holder)).")
            }
        } catch let busy as Busy {
            printError("\(busy); run again when it has finished, or pass --wait to wait for it.")
            throw Exit.code(for: busy)
        }
        defer { withExtendedLifetime(lock) {} }
        // The records wait on disk until their artworks start, and the catalog's copy is let go:
        // the run holds the records under way, not the collection's.
        let records = RecordShelf(moving: &workspace.catalog.artworks, to: workspace.layout.root)
        let priced = !workspace.config.model.provider.isOffline && Pricing(config: workspace.config).isPriced(ModelFactory.descriptor(workspace.config))
        if !workspace.config.model.provider.isOffline && !priced {
            printError("warning: no price for model '\(ModelFactory.descriptor(workspace.config).model)' in pipeline.json's prices: costs are unknown (not 0)")
        }
        let display = ProgressDisplay(quiet: quiet, currency: priced ? workspace.config.currency : nil)
        let selection = select.selection
        let useCache = !noCache
        let report = try await withHTTPClient(maxConnections: workspace.config.limits.jobs * 2) { client in
            var workspace = workspace
            workspace.reportHouseStyle(await workspace.learnHouseStyle(client: client), quiet: quiet)
            let models = try workspace.makeModel(client: client, useCache: useCache, batch: batchMode, wait: !noWait)
            let runner = Runner(workspace: workspace, records: records, models: models, progress: { display.show($0) })
            // Ctrl-C or SIGTERM: nothing new starts, writes in progress finish, exit 130.
            let report = await interrupt.run { await runner.run(selection) }
            if let gate = models.gate { Log.transport.info("\(gate.summary.line)") }
            if let batches = models.batch {
                printError("Batches: \(batches.summary).")
            }
            return report
        }
        display.finish()
        if interrupt.fired {
            printError("Interrupted: \(report.totals.created + report.totals.overwritten + report.totals.proposed) files written; run again to do the rest (answers already received come from the cache).")
            throw Exit.interrupted
        }

        if json {
            // A piece at a time: a large collection's report is never held whole.
            try report.stream { FileHandle.standardOutput.write($0) }
            print()
        }
        let t = report.totals
        let written = t.created + t.overwritten
        let cached = t.cachedPromptTokens ?? 0
        let pricing = Pricing(config: workspace.config)
        let paid = t.promptTokens + t.completionTokens > 0 && !report.generator.provider.isOffline
        let costNote = paid ? ", cost " + pricing.format(t.cost, model: report.generator) : ""
        let cachedNote = cached > 0 ? " (\(cached) prompt tokens read from the provider's prompt cache)" : ""
        printError("""
            \(t.jobs) jobs: \(written) written (\(t.created) new, \(t.overwritten) updated), \(t.proposed) proposed beside \
            approved or edited drafts, \(t.upToDate + t.protected) unchanged, \(t.failed) failed, \(t.skipped) skipped; \
            \(t.promptTokens + t.completionTokens) tokens\(cachedNote) with \(report.generator)\(costNote)
            """)
        if let notApplicable = t.notApplicable, notApplicable > 0 {
            let reasons = Dictionary(grouping: report.jobs.filter { $0.outcome == .notApplicable }, by: { $0.error ?? "" })
                .map { "\($0.value.count) \($0.key)" }.sorted()
            printError("\(notApplicable) not written, by design: \(reasons.joined(separator: "; ")) (image audiences).")
        }
        if (t.resolved ?? 0) > 0 {
            printError("\(t.resolved ?? 0) resolved: the new text was word for word the approved or edited one, which now stands for the new inputs.")
        }
        if let checks = report.checks, checks.textsWritten > 0 {
            let flagged = checks.textsWithErrors + checks.textsWithWarnings > 0
            printError("Checks on the \(checks.textsWritten) texts written: "
                       + RunReport.CheckTotals.line(checks.textsWithErrors, "errors", checks.errorsByRule) + ", "
                       + RunReport.CheckTotals.line(checks.textsWithWarnings, "warnings", checks.warningsByRule)
                       + (flagged ? "; docent status lists them" : ""))
        }
        if let problems = report.outputProblems {
            for problem in problems { printError("error: \(problem)") }
            printError("Drafts are in \(displayPath(workspace.layout.root))/; the run's own files above could not all be written (a full disk?).")
        } else {
            printError("Drafts are in \(displayPath(workspace.layout.root))/; review them in \(displayPath(workspace.layout.indexPath)); the run report is \(displayPath(workspace.layout.reportPath)).")
        }
        let waiting = report.waitingForBatches
        if waiting > 0 {
            printError("\(waiting) job\(waiting == 1 ? "" : "s") wait for provider batches (see `docent status`): run `docent run --batch` again to collect them and go on.")
        }
        if let stop = report.stoppedBecause {
            printError("The run stopped: \(stop)")
        }
        let code = Exit.after(report, recordErrors: recordErrors, failOn: failOn)
        if code == Exit.unavailable {
            printError("The endpoint could not be reached: nothing was written.")
        }
        if let code { throw code }
    }
}

/// A path relative to the working directory when it lies below it.
func displayPath(_ path: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath + "/"
    return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
}
