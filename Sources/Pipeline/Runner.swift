import Domain
import Catalog
import Prompts
import Foundation
import Project
import HouseStyle
import Images
import LLM
import Prose
import Review

/// Runs the planned jobs against a model and writes the drafts under the editor-protection
/// rules. Artworks' chains run concurrently; a chain's translations start as soon as its draft
/// is on disk.
package struct Runner: Sendable {
    package var workspace: Workspace
    /// The records the run goes through (`RecordShelf`). When the command line moved them
    /// here, `workspace.catalog.artworks` is empty: `run` reads records from here only.
    let records: RecordShelf
    /// The endpoint, its Batch API and the answer cache, each by name.
    package var models: ModelStack
    /// The whole stack as one model.
    package var model: any ChatModel { models.model }
    package var clock: @Sendable () -> Date
    package var progress: (@Sendable (ProgressEvent) -> Void)?
    /// The spending limit (`limits.budget`), shared by the run's jobs.
    var budget: Budget?
    let inFlight = InFlightCounter()
    /// In a batch run, the findings on texts of jobs waiting for a batch (`CheckMemo`).
    let checkMemo: CheckMemo?

    package struct ProgressEvent: Sendable {
        package var done: Int
        package var total: Int
        package var failed: Int
        package var key: JobKey
        package var outcome: JobOutcome
        package var error: String?
        package var tokens: Int
        package var cost: Double
        /// Model requests in flight when the job finished.
        package var inFlight: Int
        /// Not done: its request is in a provider batch (a later round or run goes on with it).
        package var waitingForBatch = false
    }

    /// `records`: the records to go through, when the caller moved them out of the workspace
    /// (`RecordShelf(moving:to:)`, the command line); otherwise the workspace's, in memory.
    package init(workspace: Workspace, records: RecordShelf? = nil, models: ModelStack,
                clock: @escaping @Sendable () -> Date = Runner.defaultClock, progress: (@Sendable (ProgressEvent) -> Void)? = nil) {
        self.workspace = workspace
        self.records = records ?? RecordShelf(workspace.catalog.artworks)
        self.models = models
        self.clock = clock
        self.progress = progress
        budget = workspace.config.limits.budget.map { Budget(limit: $0, pricing: Pricing(config: workspace.config)) }
        checkMemo = models.batch == nil ? nil : CheckMemo()
    }

    /// A run against one model on its own (no batch, no cache: tests, `docent check`).
    package init(workspace: Workspace, model: any ChatModel, clock: @escaping @Sendable () -> Date = Runner.defaultClock,
                progress: (@Sendable (ProgressEvent) -> Void)? = nil) {
        self.init(workspace: workspace, models: ModelStack(model), clock: clock, progress: progress)
    }

    /// `SOURCE_DATE_EPOCH` (the reproducible-builds convention) fixes the time written into
    /// drafts; otherwise the wall clock.
    package static let defaultClock: @Sendable () -> Date = {
        if let fixed = fixedDate { return fixed }
        return Date()
    }

    /// `SOURCE_DATE_EPOCH`, read once (the environment does not change during a run).
    private static let fixedDate: Date? = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"]
        .flatMap(TimeInterval.init).map { Date(timeIntervalSince1970: $0) }

    var store: DraftStore { DraftStore(layout: workspace.layout) }

    /// The model's answer cache, when it has one: jobs look there themselves (`callModel`).
    var cache: CachedChatModel? { models.cache }

    /// The model without its cache (jobs look in the cache themselves, `callModel`).
    var transport: any ChatModel { models.transport }

    package func run(_ selection: Selection = Selection()) async -> RunReport {
        let started = Timestamp.string(clock())
        // Longest first: artworks with the most jobs start first, so the makespan stays close to
        // the ideal. Only each artwork's place in the catalog and its number of jobs are kept: its
        // record is read and its jobs planned when it starts, so that the run holds the records
        // and jobs of the artworks under way, not the collection's (at 10,000 artworks of 44
        // jobs, about 30 MB of jobs; the records, `RecordShelf`).
        let config = Planner.config(workspace.config, selection: selection)
        let records = self.records
        let order: [Waiting] = (0..<records.count).compactMap { index in
            guard let artwork = records.artwork(index), selection.includes(artwork) else { return nil }
            return Waiting(index: index, jobs: Planner.plan(artwork, config: config).jobs.count)
        }.sorted { $0.jobs > $1.jobs }
        // Nil when the record could not be read back (said in the report's problems).
        let start = { @Sendable (waiting: Waiting) -> Starting? in
            records.artwork(waiting.index).map { Starting(plan: Planner.plan($0, config: config), artwork: $0) }
        }
        let total = order.reduce(0) { $0 + $1.jobs }
        let counter = ProgressCounter(total: total)
        let stop = RunStop()
        let sections = ReviewSections(layout: workspace.layout)
        // Each artwork's jobs go to the log (on disk) once they are all done.
        let log = JobLog(in: workspace.layout.root)
        // The model's files (the answer cache) are opened while the first jobs are prepared.
        async let modelPrepared: Void = total > 0 ? model.prepare() : ()

        if let batch = models.batch {
            await runInRounds(order, start: start, batch: batch, stop: stop, counter: counter, sections: sections, log: log)
        } else {
            await pass(order.lazy.compactMap(start), settled: [:], artworks: max(2, workspace.config.limits.jobs * 2), stop: stop,
                       counter: counter, sections: sections) { log.add($1) }
        }
        let finished = Timestamp.string(clock())
        var report = RunReport(startedAt: started, finishedAt: finished, generator: model.descriptor,
                               recordIssues: workspace.catalog.issues.map(\.description), stopError: stop.error, log: log)
        report.retiredArtworks = workspace.catalog.retired.isEmpty ? nil : workspace.catalog.retired
        await modelPrepared
        cache?.cache.markUses()
        // The run's own files and stores: a failure is said, in the report and by the exit code.
        var problems: [String] = records.readProblems
        if let (count, reason) = cache?.cache.storeProblems, count > 0 {
            problems.append("the answer cache could not keep \(count) answer\(count == 1 ? "" : "s")\(reason.map { " (\($0))" } ?? ""): a rerun pays for \(count == 1 ? "it" : "them") again")
        }
        // A run that wrote nothing leaves the page as it was (it shows the same files), unless
        // the folders it marks as having no record are not the last run's.
        let wrote = report.totals.created + report.totals.overwritten + report.totals.proposed + report.totals.failed > 0
        let layout = workspace.layout
        func retiredChanged() -> Bool { LastRun.retired(in: layout) != workspace.catalog.retired }
        if wrote || !FileManager.default.fileExists(atPath: layout.indexPath) || retiredChanged() {
            let (config, layout, now, prepared, lastRun) = (workspace.config, workspace.layout, clock(), sections.spool, report)
            do {
                try await AtomicFile.offload {
                    try ReviewPage.write(config: config, layout: layout, clock: now, lastRun: lastRun, prepared: prepared)
                }
            } catch {
                problems.append("the review page was not written: \(error)")
            }
        }
        report.outputProblems = problems.isEmpty ? nil : problems
        let reportPath = workspace.layout.reportPath
        do {
            let written = report
            try await AtomicFile.offload { try written.write(to: reportPath) }
        } catch {
            report.outputProblems = problems + ["the run report was not written: \(error)"]
        }
        return report
    }

    /// A batch run goes in rounds: each round's jobs queue their requests and let go; between
    /// rounds the batch model sends them and waits for the answers, which the next round's
    /// jobs find in the cache. A job done in a round is not run again. At most
    /// `model.batch_window` jobs wait for batches at once: an artwork starts when there is
    /// room, and leaves (to the log, with its part of the page rendered) when all its jobs are
    /// done, so the run's memory follows the window, not the collection.
    private func runInRounds(_ order: [Waiting], start: (Waiting) -> Starting?, batch: BatchChatModel, stop: RunStop,
                             counter: ProgressCounter, sections: ReviewSections, log: JobLog) async {
        let window = workspace.config.model.batchWindow
        let artworksAtOnce = min(Self.artworksInARound, max(2, workspace.config.limits.jobs * 2))
        FreedMemory.largeBlocksApart()
        var waitingToStart = order[...]
        var open: [(starting: Starting, jobs: [RunReport.Job])] = []
        while true {
            // The open artworks first (their next requests), then new ones while there is room.
            var round = open.map(\.starting)
            var load = round.reduce(0) { $0 + $1.plan.jobs.count }
            while let next = waitingToStart.first, load == 0 || load + next.jobs <= window {
                waitingToStart.removeFirst()
                guard let starting = start(next) else { continue }
                round.append(starting)
                load += next.jobs
            }
            var settled: [JobKey: RunReport.Job] = [:]
            for entry in open { for job in entry.jobs where !job.waitingForBatch { settled[job.key] = job } }
            open = []
            await pass(round, settled: settled, artworks: artworksAtOnce, stop: stop, counter: counter, sections: sections) { starting, jobs in
                if jobs.contains(where: \.waitingForBatch) { open.append((starting, jobs)) } else { log.add(jobs) }
            }
            FreedMemory.giveBack()
            if open.isEmpty && waitingToStart.isEmpty { return }
            guard stop.error == nil, !Task.isCancelled else { break }
            // Every artwork of the round is done: more start at once, with nothing to wait for.
            if open.isEmpty { continue }
            let progressed = await batch.settle()
            FreedMemory.giveBack()
            guard progressed, !Task.isCancelled else { break }
        }
        // Stopped, or `--no-wait` with batches still out: the open artworks' jobs as they are,
        // and those that never started, each said.
        for entry in open { log.add(entry.jobs) }
        let reason: (error: String, waiting: Bool) =
            if let error = stop.error { ("the run stopped: \(error)", false) }
            else if Task.isCancelled { ("the run was stopped", false) }
            else { ("not started: model.batch_window (\(window) jobs) is full of jobs waiting for batches; run `docent run --batch` again to go on", true) }
        for next in waitingToStart {
            guard let starting = start(next) else { continue }
            log.add(starting.plan.jobs.map { finish($0, .skipped, error: reason.error, waitingForBatch: reason.waiting, counter: counter) })
        }
    }

    /// An artwork waiting to start: its place in the catalog and its number of jobs.
    struct Waiting: Sendable {
        var index: Int
        var jobs: Int
    }

    /// An artwork starting: its jobs and its record.
    struct Starting: Sendable {
        var plan: ArtworkPlan
        var artwork: Artwork
    }

    /// In a batch round, this many artworks at once. A round's jobs do not wait for the network
    /// (a request is queued for a batch, or its answer is in the cache): they wait for the
    /// CPU, so more at once only holds more memory. Each of an artwork's jobs is a task whose
    /// frames are kept while it lives; with the synchronous run's 128 artworks (44 jobs each),
    /// those frames were 122 of a 158 MB heap peak (heaptrack, 900 artworks in windows of
    /// 8,800 jobs). 2,000 artworks × 44 jobs: 311 MB peak at 128, 224 MB at 16, with the same
    /// CPU (255 s and 249 s) and the same time (7:34). The few items a batch gives back
    /// unanswered, sent again synchronously, still have 16 artworks' jobs to go out together.
    static let artworksInARound = 16

    /// One pass over `starting`: `artworks` artworks at once, as child tasks (a synchronous
    /// run: twice as many as requests may be in flight, so that a request is always ready when
    /// one comes back); their requests wait for the model's gate (`RequestGate`), which alone
    /// decides when each goes out. Jobs in `settled` (done in an earlier round) are not run
    /// again. `done` gets each artwork's jobs as it finishes.
    private func pass(_ starting: some Sequence<Starting>, settled: [JobKey: RunReport.Job], artworks: Int,
                      stop: RunStop, counter: ProgressCounter, sections: ReviewSections,
                      done: (Starting, [RunReport.Job]) -> Void) async {
        await withTaskGroup(of: (Starting, [RunReport.Job]).self) { group in
            var pending = starting.makeIterator()
            func addNext() -> Bool {
                guard let next = pending.next() else { return false }
                group.addTask {
                    let jobs = await self.run(next.plan, artwork: next.artwork, settled: settled, stop: stop, counter: counter)
                    // The artwork's part of the review page, rendered now while others wait on the
                    // network; one with jobs waiting for a batch is rendered when it is done (or
                    // from its files, with the page).
                    if jobs.contains(where: { [.created, .overwritten, .proposed, .failed].contains($0.outcome) }),
                       !jobs.contains(where: \.waitingForBatch) {
                        sections.render(next.artwork, jobs: jobs, config: self.workspace.config, layout: self.workspace.layout, clock: self.clock())
                    }
                    return (next, jobs)
                }
                return true
            }
            var started = 0
            while started < artworks, addNext() { started += 1 }
            for await (next, jobs) in group {
                done(next, jobs)
                _ = addNext()
            }
        }
    }

    private func run(_ plan: ArtworkPlan, artwork: Artwork, settled: [JobKey: RunReport.Job], stop: RunStop,
                     counter: ProgressCounter) async -> [RunReport.Job] {
        if let folder = try? workspace.layout.folder(for: artwork.id) {
            AtomicFile.removeLeftovers(in: folder)
        }
        // record.json first: an artwork whose folder cannot be written costs no request.
        do {
            try await AtomicFile.offload { try self.writeRecord(artwork) }
        } catch {
            let problem = "cannot write record.json: \(error)"
            return plan.jobs.map { finish($0, .failed, error: problem, counter: counter) }
        }
        var jobs: [RunReport.Job] = []
        await withTaskGroup(of: [RunReport.Job].self) { group in
            for chain in plan.chains {
                group.addTask {
                    if let reason = self.unseeable(chain.draft, artwork: artwork) {
                        return ([chain.draft] + chain.translations).map { settled[$0] ?? self.finish($0, .notApplicable, error: reason, counter: counter) }
                    }
                    let draft = if let done = settled[chain.draft] { done } else {
                        await self.runJob(chain.draft, artwork: artwork, sourceText: nil, stop: stop, counter: counter)
                    }
                    if chain.translations.isEmpty { return [draft] }
                    guard draft.outcome != .failed, let source = self.currentBody(chain.draft) else {
                        return [draft] + chain.translations.map {
                            if let done = settled[$0] { return done }
                            return draft.waitingForBatch
                                ? self.finish($0, .skipped, error: "waits for its source draft, whose answer is in a provider batch",
                                              waitingForBatch: true, counter: counter)
                                : self.finish($0, .skipped, error: "the source draft \(chain.draft) is missing", counter: counter)
                        }
                    }
                    return await withTaskGroup(of: RunReport.Job.self) { translations in
                        var done = [draft]
                        for key in chain.translations {
                            if let job = settled[key] {
                                done.append(job)
                                continue
                            }
                            translations.addTask {
                                await self.runJob(key, artwork: artwork, sourceText: source, stop: stop, counter: counter)
                            }
                        }
                        for await job in translations { done.append(job) }
                        return done
                    }
                }
            }
            for await chainJobs in group { jobs += chainJobs }
        }
        jobs += plan.extras.compactMap { settled[$0] }
        let extras = plan.extras.filter { settled[$0] == nil }
        if !extras.isEmpty {
            jobs += await runExtras(extras, artwork: artwork, stop: stop, draftsWaiting: jobs.contains(where: \.waitingForBatch), counter: counter)
        }
        // One fsync of the folder makes all of the artwork's renames durable.
        if let folder = try? workspace.layout.folder(for: artwork.id) {
            _ = try? await AtomicFile.offload { AtomicFile.syncFolder(folder) }
        }
        return jobs
    }

    /// The text translations start from: the draft on disk, which is the editor's version
    /// when they edited or approved it.
    func currentBody(_ key: JobKey) -> String? {
        guard let path = try? workspace.layout.draftPath(key.artwork, key.draftName),
              case .readable(let document) = store.existing(at: path) else { return nil }
        return UTF8Text.trimmed(document.body)
    }

    private func writeRecord(_ artwork: Artwork) throws {
        let path = try workspace.layout.recordPath(artwork.id)
        let encoder = JSONEncoder.docentPretty
        let data = try encoder.encode(artwork) + Data("\n".utf8)
        if FileManager.default.contents(atPath: path) != data {
            try AtomicFile.write(data, to: path, syncFolder: false)
        }
    }

    func task(for key: JobKey, artwork: Artwork, sourceText: String?, existing: DraftStore.Existing? = nil) -> DraftTask? {
        guard let audience = workspace.config.audiences.first(where: { $0.name == key.audience }) else { return nil }
        var note: String?
        let current = existing ?? (try? workspace.layout.draftPath(key.artwork, key.draftName)).map { store.existing(at: $0) } ?? .none
        if case .readable(let document) = current {
            note = document.frontMatter.reviewNote
        }
        return DraftTask(kind: key.stage == .draft ? .draft : .translate, artwork: artwork, audience: audience,
                         language: key.language, institution: workspace.config.institution.name,
                         styleGuide: workspace.styleGuide?.body ?? "", houseStyle: workspace.styleDigest,
                         exemplars: StyleDigest.exemplars(from: workspace.houseStyle, kinds: audience.form.exemplarKinds).map(\.text),
                         reviewNote: note, sourceText: sourceText)
    }

    /// A job ready to run: its task, request, inputs hash and what the rules say to do.
    struct PreparedJob {
        var task: DraftTask
        var request: ChatRequest
        var inputs: String
        var decision: DraftWriteDecision
        var draftPath: String
        var proposedPath: String
    }

    func prepare(_ key: JobKey, artwork: Artwork, sourceText: String?) throws -> PreparedJob {
        let draftPath = try workspace.layout.draftPath(key.artwork, key.draftName)
        let proposedPath = try workspace.layout.proposedPath(key.artwork, key.draftName)
        // The draft on disk is read once: for the editor's note and for the rules.
        let existing = store.existing(at: draftPath)
        guard let task = task(for: key, artwork: artwork, sourceText: sourceText, existing: existing) else {
            throw JobProblem(description: "audience '\(key.audience)' is not configured")
        }
        if let reason = unseeable(key, artwork: artwork) { throw JobNotApplicable(reason: reason) }
        var request: ChatRequest
        do {
            request = try DraftPromptBuilder(library: workspace.library).request(
                for: task, temperature: workspace.config.model.temperature,
                maxTokens: task.audience.completionTokens(atMost: workspace.config.model.maxTokens))
        } catch {
            throw JobProblem(description: "prompt: \(error)")
        }
        if let picture = try picture(for: task), let last = request.messages.lastIndex(where: { $0.role == .user }) {
            request.messages[last].images = [picture]
        }
        let inputs = InputsHash.of(request, model: model.descriptor)
        let decision = store.decide(existing: existing, proposedPath: proposedPath, inputs: inputs)
        return PreparedJob(task: task, request: request, inputs: inputs, decision: decision,
                           draftPath: draftPath, proposedPath: proposedPath)
    }

    /// Why a draft of an audience that sees the image is not written for this artwork: it has
    /// no image, or (offline) the engine cannot describe one. Its translations go with it.
    func unseeable(_ key: JobKey, artwork: Artwork) -> String? {
        guard let audience = workspace.config.audiences.first(where: { $0.name == key.audience }), audience.seesImage else { return nil }
        if artwork.image == nil { return "no image" }
        if model.descriptor.provider.isOffline, audience.form == .visualDescription {
            return "the offline engine does not see images: no visual description is written without a model"
        }
        return nil
    }

    /// The picture a draft is written from, as the provider takes it: for the draft (not the
    /// translations) of an audience that sees the image, with a model (the offline engine
    /// writes from the facts, and says so). A file that is missing or not an image fails
    /// this job only.
    func picture(for task: DraftTask) throws -> ChatImage? {
        guard task.kind == .draft, task.audience.seesImage, !model.descriptor.provider.isOffline else { return nil }
        guard let image = task.artwork.image else { return nil }
        do {
            return try ModelImage.prepare(image.path, relativeTo: workspace.config.baseDirectory, for: model.descriptor.provider)
        } catch {
            throw JobProblem(description: "image: \(error)")
        }
    }

    /// A job that cannot be prepared (its audience, its prompt, its image), and why.
    struct JobProblem: Error, CustomStringConvertible {
        var description: String
    }

    /// A job that is not written for this artwork, and why (`plan` says "skip").
    struct JobNotApplicable: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    private func runJob(_ key: JobKey, artwork: Artwork, sourceText: String?,
                        stop: RunStop, counter: ProgressCounter) async -> RunReport.Job {
        let prepared: PreparedJob
        do {
            prepared = try prepare(key, artwork: artwork, sourceText: sourceText)
        } catch {
            return finish(key, .failed, error: "\(error)", cause: error, counter: counter)
        }
        let (task, request, inputs, decision) = (prepared.task, prepared.request, prepared.inputs, prepared.decision)
        let (draftPath, proposedPath) = (prepared.draftPath, prepared.proposedPath)
        guard decision.needsText else {
            return finish(key, decision == .upToDate ? .upToDate : .protected, file: draftPath, counter: counter)
        }
        if Task.isCancelled {
            return finish(key, .skipped, error: "the run was stopped", counter: counter)
        }
        if let reason = stop.current {
            return finish(key, .skipped, error: "the run stopped: \(reason)", counter: counter)
        }

        let started = ContinuousClock.now
        let produced: ProducedText
        do {
            produced = try await Runner.$asking.withValue(key) { try await produce(task, request: request, inputs: inputs, stop: stop) }
        } catch let stopped as RunStopped {
            return finish(key, .skipped, error: "the run stopped: \(stopped.reason)", counter: counter)
        } catch let pending as BatchPending {
            return finish(key, .skipped, error: pending.description, waitingForBatch: true, counter: counter)
        } catch is CancellationError {
            return finish(key, .skipped, error: "the run was stopped", counter: counter)
        } catch let paid as PaidFailure {
            return finish(key, .failed, error: "\(paid.error)", cause: paid.error, usage: paid.usage,
                          cost: Pricing(config: workspace.config).cost(of: paid.usage, model: model.descriptor),
                          attempts: max(1, paid.attempts), estimate: firstRequestEstimate(prepared), counter: counter)
        } catch {
            var attempts = 1
            if case ChatError.exhausted(let count, _) = error { attempts = count }
            return finish(key, .failed, error: "\(error)", cause: error, attempts: attempts, counter: counter)
        }
        let latency = started.duration(to: .now)
        let latencyMs = Int(latency.components.seconds * 1000 + latency.components.attoseconds / 1_000_000_000_000_000)
        let usage = produced.usage
        let cost = Pricing(config: workspace.config).cost(of: usage, model: model.descriptor)
        let body = produced.body
        let findings = produced.findings
        let frontMatter = DraftFrontMatter(
            artwork: key.artwork, stage: key.stage.rawValue, audience: key.audience, language: key.language,
            generatedAt: Timestamp.string(clock()),
            generator: DraftGenerator(provider: model.descriptor.provider.rawValue, model: model.descriptor.model,
                                      prompt: promptLabel(task), style: workspace.styleHash),
            inputs: inputs, body: ContentHash.ofBody(body),
            checks: findings,
            reviewNote: task.reviewNote)
        var made = DraftDocument(frontMatter: frontMatter, body: body)
        // A translation records the text it was made from: when that text changes, it is stale.
        if key.stage == .translate, let sourceText { made.frontMatter.source = ContentHash.ofBody(sourceText) }
        let document = made
        let outcome: JobOutcome
        let written: String?
        do {
            let store = self.store
            // Decided again when written, under the artwork's lock: an approval or an edit made
            // while the text was being generated wins, and the text goes beside it.
            let result = try await AtomicFile.offload {
                // The artwork's folder is synced once, when all its files are written.
                try store.write(document, draftPath: draftPath, proposedPath: proposedPath, syncFolder: false)
            }
            written = result.path
            switch result.decision {
            case _ where result.resolved: outcome = .resolved
            case .create: outcome = .created
            case .overwrite: outcome = .overwritten
            case .propose: outcome = written == nil ? .protected : .proposed
            case .upToDate: outcome = .upToDate
            case .proposalUpToDate: outcome = .protected
            }
        } catch {
            return finish(key, .failed, error: "\(error)", usage: usage, latencyMs: latencyMs, cost: cost, counter: counter)
        }
        return finish(key, outcome, file: written ?? draftPath, usage: usage, latencyMs: latencyMs, cost: cost,
                      checks: findings.map { "\($0.severity.rawValue): \($0.rule): \($0.message)" }, attempts: produced.attempts,
                      estimate: firstRequestEstimate(prepared), counter: counter)
    }

    /// "prompts/draft + audiences/general @ sha256:…": which templates, and which version of them.
    private func promptLabel(_ task: DraftTask) -> String {
        let names = task.templateNames
        let text = names.map { workspace.library.sources[$0] ?? "" }.joined(separator: "\u{1E}")
        return names.dropFirst().joined(separator: " + ") + " @ " + String(ContentHash.of(text).prefix(19))
    }

    func finish(_ key: JobKey, _ outcome: JobOutcome, file: String? = nil, error: String? = nil, cause: (any Error)? = nil,
                        usage: TokenUsage = .zero, latencyMs: Int = 0, cost: Double = 0, checks: [String] = [],
                        attempts: Int? = nil, waitingForBatch: Bool = false, estimate: (prompt: Int, completion: Int)? = nil,
                        counter: ProgressCounter) -> RunReport.Job {
        // A job waiting for a batch is not done: a later round (or run) finishes it.
        let (done, failed) = waitingForBatch ? counter.current : counter.record(failed: outcome == .failed)
        if !waitingForBatch {
            checkMemo?.release(key)
            models.batch?.release(key)
        }
        progress?(ProgressEvent(done: done, total: counter.total, failed: failed, key: key, outcome: outcome, error: error,
                                tokens: usage.total, cost: cost, inFlight: inFlight.current, waitingForBatch: waitingForBatch))
        let root = workspace.layout.root + "/"
        var job = RunReport.Job(
            artwork: key.artwork, stage: key.stage, audience: key.audience, language: key.language, outcome: outcome,
            file: file.map { $0.hasPrefix(root) ? String($0.dropFirst(root.count)) : $0 }, error: error,
            attempts: attempts ?? (usage == .zero ? 0 : 1), promptTokens: usage.prompt, completionTokens: usage.completion,
            cachedPromptTokens: usage.cachedPrompt > 0 ? usage.cachedPrompt : nil, latencyMs: latencyMs, cost: cost, checks: checks)
        if case .unreachable = cause as? ChatError { job.endpointUnreachable = true }
        job.waitingForBatch = waitingForBatch
        if let estimate, usage != .zero {
            job.estimatedPromptTokens = estimate.prompt
            job.estimatedCompletionTokens = estimate.completion
        }
        return job
    }
}
