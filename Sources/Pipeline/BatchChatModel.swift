import Domain
import Foundation
import LLM
import Logging
import Review
import Synchronization

/// Thrown to a job whose request is queued for a provider batch or in one that has not ended:
/// the run's next round (or, after `--no-wait`, a later `docent run --batch`) goes on with it.
package struct BatchPending: Error, CustomStringConvertible {
    /// The batch holding it, when it has been sent.
    package var batch: String?
    package var description: String {
        "waiting for \(batch.map { "the provider batch \($0)" } ?? "a provider batch"): run `docent run --batch` again to collect it"
    }
}

/// A model whose requests go out in the provider's Batch API (half the price, answers within
/// a day). The run goes in rounds (`Runner`): in each, a job that needs an answer not yet in
/// asks, its request is queued, and the job lets go at once (`BatchPending`), so a job waiting
/// for a batch holds no memory; what a round queued goes out as one batch (split at the
/// provider's limits, and sent as soon as one is full); `settle()` then waits for the batches
/// to end and stores their answers in the answer cache, where the next round's jobs find them
/// and go on to their next request (revision, proofreading, translation, SEO). Memory follows
/// the requests of one batch, never the collection. The batch's entry in `.docent/batches/`
/// goes only once its answers are stored. Expired, cancelled and transiently failed items are
/// sent again synchronously through `base` (under `limits.attempts` and the gate).
package final class BatchChatModel: ChatModel {
    package let base: any ChatModel
    let batches: any ProviderBatches
    let ledger: BatchLedger
    let cache: AnswerCache?
    /// False with `--no-wait`: submit, look once, and leave the rest to a later run.
    let wait: Bool
    let pollInterval: Duration
    /// What the poller waits with (a virtual clock in tests).
    let waiting: any GateClock
    let clock: @Sendable () -> Date
    private let logger = Logger(label: "docent.batch")

    package var descriptor: ModelDescriptor { base.descriptor }
    package var gate: RequestGate? { base.gate }

    /// An answer stored in the cache by this run: its usage is counted by the job that uses it.
    private struct Collected {
        var usage: TokenUsage
        var claimant: JobKey?
    }

    private struct State {
        /// Queued, not sent yet.
        var pending: [BatchItem] = []
        var pendingBytes = 0
        var queued: Set<String> = []
        /// What the answer to each request a job asked for must be (this run's and earlier runs' batches).
        var expected: [String: BatchExpectation] = [:]
        /// Custom id → the batch it is in (this run's and earlier runs' batches).
        var inBatch: [String: String] = [:]
        var entries: [BatchLedger.Entry] = []
        /// Answers of ended batches, in the cache, by custom id.
        var collected: [String: Collected] = [:]
        /// The answers each job counts (`claim`, `paid`), let go with it when it is done.
        var claimed: [JobKey: [String]] = [:]
        /// Answers the cache could not keep (or no cache): kept here for the run.
        var held: [String: ChatResponse] = [:]
        /// Items that failed for good, for the run (a job asking again gets the same error).
        var failed: [String: any Error] = [:]
        /// Items to send again synchronously, and why.
        var retry: [String: String] = [:]
        /// Answers from ended batches to requests no job of this run has asked for yet, read
        /// when one does (a job that comes after its batch was collected pays nothing again).
        var unclaimed: [String: @Sendable (BatchExpectation) -> BatchItemResult] = [:]
        var submitted = 0
        var collectedCount = 0
    }

    private let state = Mutex(State())

    package init(base: any ChatModel, batches: any ProviderBatches, ledger: BatchLedger, cache: AnswerCache?, wait: Bool,
                 pollInterval: Duration, waiting: any GateClock = SystemGateClock(), clock: @escaping @Sendable () -> Date = { Date() }) {
        self.base = base
        self.batches = batches
        self.ledger = ledger
        self.cache = cache
        self.wait = wait
        self.pollInterval = pollInterval
        self.waiting = waiting
        self.clock = clock
        let entries = ledger.entries()
        state.withLock { state in
            state.entries = entries
            for entry in entries { for id in entry.customIDs { state.inBatch[id] = entry.id } }
        }
    }

    /// "1,200 requests sent in batches, 1,200 answers collected".
    package var summary: String {
        state.withLock { "\($0.submitted) request\($0.submitted == 1 ? "" : "s") sent in batches, \($0.collectedCount) answer\($0.collectedCount == 1 ? "" : "s") collected" }
    }

    /// What a job asking for an answer gets.
    private enum Next {
        case answer(ChatResponse)
        case failed(any Error)
        case retry(String)
        case read(@Sendable (BatchExpectation) -> BatchItemResult)
        case pending(batch: String?, full: [BatchItem])
    }

    package func complete(_ request: ChatRequest) async throws -> ChatResponse {
        try Task.checkCancellation()
        let id = request.cacheKey ?? AnswerCache.key(request, model: descriptor)
        let next = state.withLock { state -> Next in
            if let held = state.held[id] { return .answer(held) }
            if let error = state.failed[id] { return .failed(error) }
            if let why = state.retry.removeValue(forKey: id) { return .retry(why) }
            if let read = state.unclaimed.removeValue(forKey: id) { return .read(read) }
            if state.expected[id] == nil { state.expected[id] = BatchExpectation(request) }
            if let batch = state.inBatch[id] { return .pending(batch: batch, full: []) }
            if state.queued.insert(id).inserted {
                state.pending.append(BatchItem(customID: id, request: request))
                state.pendingBytes += Self.size(of: request)
            }
            // A full batch goes out now: what waits to be sent stays within one batch's size.
            guard state.pending.count >= maxRequests || state.pendingBytes >= maxBytes else {
                return .pending(batch: nil, full: [])
            }
            defer { state.pending = []; state.pendingBytes = 0 }
            return .pending(batch: nil, full: state.pending)
        }
        switch next {
        case .answer(var response):
            response.usage.batch = true
            return response
        case .failed(let error):
            throw error
        case .retry(let why):
            logger.debug("batch item sent again synchronously: \(why)")
            return try await base.complete(request)
        case .read(let read):
            switch read(BatchExpectation(request)) {
            case .answer(var response):
                response.usage.batch = true
                if !(cache?.store(response, key: id, model: descriptor) ?? false) { state.withLock { $0.held[id] = response } }
                state.withLock { $0.collectedCount += 1 }
                return response
            case .failed(let error):
                state.withLock { $0.failed[id] = error }
                throw error
            case .retry(let why):
                logger.debug("batch item sent again synchronously: \(why)")
                return try await base.complete(request)
            case .unclaimed:
                throw ChatError.invalidAnswer("a batch's answer could not be read")
            }
        case .pending(let batch, let full):
            if !full.isEmpty { await submit(full) }
            throw BatchPending(batch: batch ?? state.withLock { $0.inBatch[id] })
        }
    }

    /// The usage of an answer this run collected from a batch and stored in the cache, for the
    /// job that counts it: the first to ask, in every round it walks past it; nil for others.
    package func claim(_ id: String, by job: JobKey) -> TokenUsage? {
        state.withLock { state in
            guard var collected = state.collected[id] else { return nil }
            if collected.claimant == nil {
                collected.claimant = job
                state.collected[id] = collected
                state.claimed[job, default: []].append(id)
            }
            return collected.claimant == job ? collected.usage : nil
        }
    }

    /// An answer this run paid for outside a collected batch (sent again synchronously, or
    /// read from an earlier run's batch), stored in the cache: counted for `job` when it walks
    /// past it again in a later round.
    package func paid(_ id: String, usage: TokenUsage, by job: JobKey?) {
        guard let job, usage != .zero else { return }
        state.withLock { state in
            if state.collected[id] == nil {
                state.collected[id] = Collected(usage: usage, claimant: job)
                state.claimed[job, default: []].append(id)
            }
        }
    }

    /// The job is done: the answers it counted are forgotten (it walks past them no more; another
    /// job asking the same gets them from the cache for nothing), so what the model keeps
    /// follows the jobs under way, not every answer of the run.
    package func release(_ job: JobKey) {
        state.withLock { state in
            guard let ids = state.claimed.removeValue(forKey: job) else { return }
            for id in ids where state.collected[id]?.claimant == job { state.collected[id] = nil }
        }
    }

    /// Between rounds: sends what was queued, then waits for every batch holding a request a
    /// job asked for to end (`--no-wait`: looks once) and stores the answers. True when
    /// anything came back, so that another round has something to go on with.
    package func settle() async -> Bool {
        let ready = state.withLock { state -> [BatchItem] in
            defer { state.pending = []; state.pendingBytes = 0 }
            return state.pending
        }
        var progressed = false
        if !ready.isEmpty { progressed = await submit(ready) }
        while true {
            let asked = state.withLock { state in state.entries.filter { entry in entry.customIDs.contains { state.expected[$0] != nil } } }
            if asked.isEmpty { return progressed }
            for entry in asked where await poll(entry) { progressed = true }
            guard wait, !Task.isCancelled else { return progressed }
            let left = state.withLock { state in state.entries.contains { entry in entry.customIDs.contains { state.expected[$0] != nil } } }
            if !left { return progressed }
            do { try await waiting.sleep(for: pollInterval) } catch { return progressed }
        }
    }

    /// Sends items as batches; true when some could not go as a batch (they are sent
    /// synchronously, or fail, when their jobs ask again).
    @discardableResult
    private func submit(_ items: [BatchItem]) async -> Bool {
        var settledNow = false
        for part in split(items) {
            do {
                let id = try await batches.submit(part)
                let entry = BatchLedger.Entry(id: id, provider: descriptor.provider.rawValue, model: descriptor.model,
                                              submittedAt: Timestamp.string(clock()), customIDs: part.map(\.customID))
                do {
                    try ledger.save(entry)
                } catch {
                    logger.warning("the batch \(id) could not be recorded in \(ledger.directory): \(error); a run stopped before it ends pays for it again")
                }
                state.withLock { state in
                    state.entries.append(entry)
                    state.submitted += part.count
                    for item in part {
                        state.inBatch[item.customID] = id
                        state.queued.remove(item.customID)
                    }
                }
                logger.info("batch \(id) sent: \(part.count) requests")
                // The batch file (up to 16 MB, built in memory) is gone: its memory goes back too.
                FreedMemory.giveBack()
            } catch let error as ChatError where !error.stopsRun {
                // Not a batch (refused, or an answer that is not a batch object): said once, and
                // its requests go again synchronously, as a batch's expired items do.
                logger.warning("no batch was made: \(error); its \(part.count) requests go synchronously")
                state.withLock { state in
                    for item in part {
                        state.retry[item.customID] = "no batch was made: \(error)"
                        state.queued.remove(item.customID)
                    }
                }
                settledNow = true
            } catch {
                // Not sent: its jobs fail with the reason (a rerun sends them again).
                state.withLock { state in
                    for item in part {
                        state.failed[item.customID] = error
                        state.queued.remove(item.customID)
                    }
                }
                settledNow = true
            }
        }
        return settledNow
    }

    /// The size a request adds to a batch file, about.
    static func size(of request: ChatRequest) -> Int {
        request.messages.reduce(512) { $0 + $1.content.utf8.count * 2 }
    }

    /// Requests and bytes one batch of this run holds: the provider's limits (50,000 requests
    /// and 200 MB at OpenAI), or less, because a batch is built, sent and read back in memory:
    /// batches of at most 10,000 requests and 16 MB keep that part of a run's memory the same
    /// for any collection (10,000 artworks × 36 texts, when the 90,000 drafts were written:
    /// 1.2 GB peak with provider-size batches, 849 MB with 32 MB batches, an earlier version).
    /// A batch being sent is there three times at once (its queued requests, the file, and
    /// libcurl's copy of the upload), so the bytes set the height of the run's peak, and how
    /// much it moves from one batch to the next: `docent-bench --batch-memory-only`, every
    /// stage, 1,000 and 10,000 artworks: 192.3 and 213.4 MB with 32 MB, 160.4 and 174.2 MB
    /// with 16 MB, at the same CPU a job. More batches cost nothing more.
    var maxRequests: Int { min(batches.maxRequests, Self.requestsAtMost) }
    var maxBytes: Int { min(batches.maxBytes, Self.bytesAtMost) }
    static let requestsAtMost = 10_000
    static let bytesAtMost = 16 * 1024 * 1024

    /// Items in order, cut at the count and size limits of a batch (`maxRequests`, `maxBytes`).
    func split(_ items: [BatchItem]) -> [[BatchItem]] {
        var parts: [[BatchItem]] = []
        var current: [BatchItem] = []
        var bytes = 0
        for item in items {
            let size = Self.size(of: item.request)
            if !current.isEmpty, current.count >= maxRequests || bytes + size > maxBytes {
                parts.append(current)
                current = []
                bytes = 0
            }
            current.append(item)
            bytes += size
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }

    /// Looks at a batch; when it has ended, stores its answers and forgets it. True when it ended.
    private func poll(_ entry: BatchLedger.Entry) async -> Bool {
        do {
            let progress = try await batches.progress(entry.id)
            logger.debug("batch \(entry.id): \(progress.status), \(progress.done) done, \(progress.failed) failed of \(progress.total)")
            guard progress.ended else { return false }
            let expected = state.withLock { state in
                Dictionary(entry.customIDs.compactMap { id in state.expected[id].map { (id, $0) } }, uniquingKeysWith: { first, _ in first })
            }
            let results = try await batches.results(entry.id, expected: expected)
            // Into the cache first, in one transaction: a run killed from here on pays nothing again.
            var answers: [(key: String, response: ChatResponse)] = []
            for id in entry.customIDs {
                if case .answer(var response)? = results[id] {
                    response.usage.batch = true
                    answers.append((id, response))
                }
            }
            let stored = cache?.store(answers, model: descriptor) ?? false
            ledger.remove(entry.id)
            state.withLock { state in
                state.entries.removeAll { $0.id == entry.id }
                for (id, response) in answers {
                    state.collectedCount += 1
                    if stored { state.collected[id] = Collected(usage: response.usage) } else { state.held[id] = response }
                }
                for id in entry.customIDs {
                    state.inBatch[id] = nil
                    // Answered: the next round's job reads it from the cache (or `held`).
                    state.expected[id] = nil
                    switch results[id] ?? (expected[id] == nil ? nil : .retry("the batch ended without an answer")) {
                    case .answer?, nil: break
                    case .retry(let why)?: state.retry[id] = why
                    case .failed(let error)?: state.failed[id] = error
                    // No job has asked for it yet: kept for the one that will.
                    case .unclaimed(let read)?: state.unclaimed[id] = read
                    }
                }
            }
            // The results file and its parsed lines are gone: their memory goes back too.
            FreedMemory.giveBack()
            return true
        } catch {
            if case ChatError.authentication = error {
                logger.warning("batch \(entry.id): \(error)")
                state.withLock { state in
                    for id in entry.customIDs where state.expected[id] != nil { state.failed[id] = error }
                    state.entries.removeAll { $0.id == entry.id }
                }
                return true
            } else if Self.endsBatch(error) {
                // The provider does not know it (404, a recorded batch of another account or
                // endpoint) or answers with something that is not a batch: polling again would
                // never end. Said once; the batch is forgotten and its requests go again
                // synchronously.
                logger.warning("batch \(entry.id) ended: \(error); its \(entry.customIDs.count) requests go synchronously")
                ledger.remove(entry.id)
                state.withLock { state in
                    state.entries.removeAll { $0.id == entry.id }
                    for id in entry.customIDs {
                        state.inBatch[id] = nil
                        state.retry[id] = "batch \(entry.id) ended: \(error)"
                    }
                }
                return true
            } else {
                // Transient (the endpoint unreachable for a while): polled again later.
                logger.warning("batch \(entry.id): \(error)")
                return false
            }
        }
    }

    /// Errors after which a batch can never be read: the provider refused the request for it
    /// (4xx other than timeouts, conflicts and rate limits), or answered with no batch.
    static func endsBatch(_ error: any Error) -> Bool {
        switch error as? ChatError {
        case .rejected(let status, _)?: (400..<500).contains(status) && ![408, 409, 429].contains(status)
        case .invalidAnswer?: true
        case .exhausted?, .unreachable?, .rateLimited?, .authentication?, .truncated?, .unsupported?, .schemaViolation?, nil: false
        }
    }
}
