import Foundation
import LLM
import Logging
import Review
import Synchronization

/// Thrown to a job whose request is in a provider batch that has not ended (`docent run
/// --batch --no-wait`): a later `docent run --batch` collects it.
package struct BatchPending: Error, CustomStringConvertible {
    package var batch: String
    package var description: String { "waiting for the provider batch \(batch): run `docent run --batch` again to collect it" }
}

/// A model whose requests go out in the provider's Batch API (half the price, answers within
/// a day). Jobs ask as usual; their requests gather while the run's ready jobs post theirs
/// (until none has come for `quiet`, or a batch is full), go out as one batch (split at the
/// provider's limits), and each job gets its answer when the batch ends; the next wave
/// (revisions, translations, SEO, proofreading) gathers the same way. Answers are stored in
/// the cache before anyone uses them, and the batch's entry in `.docent/batches/` goes only
/// then. Expired, cancelled and transiently failed items are sent again synchronously
/// through `base` (under `limits.attempts` and the gate).
package final class BatchChatModel: ChatModel {
    package let base: any ChatModel
    let batches: any ProviderBatches
    let ledger: BatchLedger
    let cache: AnswerCache?
    /// False with `--no-wait`: submit, look once, and let jobs whose batch has not ended stop.
    let wait: Bool
    let pollInterval: Duration
    let quiet: Duration
    let clock: @Sendable () -> Date
    private let logger = Logger(label: "docent.batch")

    package var descriptor: ModelDescriptor { base.descriptor }
    package var gate: RequestGate? { base.gate }

    private struct Waiter {
        var token: UInt64
        var continuation: CheckedContinuation<BatchItemResult, any Error>
    }

    private struct State {
        var pending: [BatchItem] = []
        var lastPosted = ContinuousClock.now
        var waiters: [String: [Waiter]] = [:]
        var nextWaiter: UInt64 = 0
        var requests: [String: ChatRequest] = [:]
        /// Answers from ended batches to requests no job of this run has asked for yet, read
        /// when one does (a job that comes after its batch was collected pays nothing again).
        var unclaimed: [String: @Sendable (ChatRequest) -> BatchItemResult] = [:]
        /// Custom id → the batch it is in (this run's and earlier runs' batches).
        var inBatch: [String: String] = [:]
        var entries: [BatchLedger.Entry] = []
        var closed = false
        var submitted = 0
        var collected = 0
    }

    private let state = Mutex(State())

    package init(base: any ChatModel, batches: any ProviderBatches, ledger: BatchLedger, cache: AnswerCache?, wait: Bool,
                 pollInterval: Duration, quiet: Duration = .milliseconds(500), clock: @escaping @Sendable () -> Date = { Date() }) {
        self.base = base
        self.batches = batches
        self.ledger = ledger
        self.cache = cache
        self.wait = wait
        self.pollInterval = pollInterval
        self.quiet = quiet
        self.clock = clock
        let entries = ledger.entries()
        state.withLock { state in
            state.entries = entries
            for entry in entries { for id in entry.customIDs { state.inBatch[id] = entry.id } }
        }
    }

    /// "2 batches sent (1,200 requests), 1 collected".
    package var summary: String {
        state.withLock { "\($0.submitted) request\($0.submitted == 1 ? "" : "s") sent in batches, \($0.collected) answer\($0.collected == 1 ? "" : "s") collected" }
    }

    package func complete(_ request: ChatRequest) async throws -> ChatResponse {
        let id = AnswerCache.key(request, model: descriptor)
        let token = state.withLock { state -> UInt64 in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        // Ctrl-C: the job stops waiting (the batch stays recorded; a later run collects it).
        let result = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<BatchItemResult, any Error>) in
                let (cancelled, early) = state.withLock { state -> (Bool, BatchItemResult?) in
                    if Task.isCancelled { return (true, nil) }
                    // Its answer came in a batch collected before the job asked: read, not sent.
                    if let read = state.unclaimed.removeValue(forKey: id) { return (false, .unclaimed(read)) }
                    state.waiters[id, default: []].append(Waiter(token: token, continuation: continuation))
                    state.requests[id] = request
                    if state.inBatch[id] == nil, !state.pending.contains(where: { $0.customID == id }) {
                        state.pending.append(BatchItem(customID: id, request: request))
                        state.lastPosted = .now
                    }
                    return (false, nil)
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
                if let early { continuation.resume(returning: early) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters[id]?.firstIndex(where: { $0.token == token }) else { return nil }
                let waiter = state.waiters[id]?.remove(at: index)
                if state.waiters[id]?.isEmpty == true { state.waiters[id] = nil }
                // Not sent yet: it is not sent at all.
                if state.waiters[id] == nil { state.pending.removeAll { $0.customID == id } }
                return waiter
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
        return try await deliver(result, request, id: id)
    }

    /// A batch item's result as the job's answer: an answer, a failure, or sent again.
    private func deliver(_ result: BatchItemResult, _ request: ChatRequest, id: String) async throws -> ChatResponse {
        switch result {
        case .answer(var response):
            response.usage.batch = true
            return response
        case .failed(let error): throw error
        case .retry(let why):
            logger.debug("batch item sent again synchronously: \(why)")
            return try await base.complete(request)
        case .unclaimed(let read):
            return try await deliver(claimed(read(request), id: id), request, id: id)
        }
    }

    /// An answer read late, stored in the cache (as those read when their batch ended are) and counted.
    private func claimed(_ result: BatchItemResult, id: String) -> BatchItemResult {
        if case .answer(var response) = result {
            response.usage.batch = true
            cache?.store(response, key: id, model: descriptor)
            state.withLock { $0.collected += 1 }
        }
        return result
    }

    /// Submits, polls and delivers until `close()` is called and no job waits any more.
    package func drive() async {
        var lastPoll: ContinuousClock.Instant?
        while true {
            let (ready, done) = state.withLock { state -> ([BatchItem], Bool) in
                let quietEnough = state.lastPosted.duration(to: .now) >= quiet || state.closed
                let full = state.pending.count >= batches.maxRequests
                guard !state.pending.isEmpty, quietEnough || full else {
                    return ([], state.closed && state.pending.isEmpty && state.waiters.isEmpty)
                }
                defer { state.pending = [] }
                return (state.pending, false)
            }
            if done { return }
            if !ready.isEmpty {
                await submit(ready)
                lastPoll = nil
            }
            let due = lastPoll.map { $0.duration(to: .now) >= pollInterval } ?? true
            let waitedFor = state.withLock { state in state.entries.filter { entry in entry.customIDs.contains { state.waiters[$0] != nil } } }
            if due, !waitedFor.isEmpty {
                lastPoll = .now
                for entry in waitedFor { await poll(entry) }
                if !wait { releaseUnfinished() }
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// No job will ask any more.
    package func close() {
        state.withLock { $0.closed = true }
    }

    private func submit(_ items: [BatchItem]) async {
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
                    for item in part { state.inBatch[item.customID] = id }
                }
                logger.info("batch \(id) sent: \(part.count) requests")
            } catch let error as ChatError where !error.stopsRun {
                // Not a batch (refused, or an answer that is not a batch object): said once, and
                // its requests go again synchronously, as a batch's expired items do.
                logger.warning("no batch was made: \(error); its \(part.count) requests go synchronously")
                let waiting = state.withLock { state in part.flatMap { state.waiters.removeValue(forKey: $0.customID) ?? [] } }
                for waiter in waiting { waiter.continuation.resume(returning: .retry("no batch was made: \(error)")) }
            } catch {
                // Not sent: its jobs fail with the reason (a rerun sends them again).
                let waiting = state.withLock { state in part.flatMap { state.waiters.removeValue(forKey: $0.customID) ?? [] } }
                for waiter in waiting { waiter.continuation.resume(throwing: error) }
            }
        }
    }

    /// Items in order, cut at the provider's count and size limits.
    func split(_ items: [BatchItem]) -> [[BatchItem]] {
        var parts: [[BatchItem]] = []
        var current: [BatchItem] = []
        var bytes = 0
        for item in items {
            let size = item.request.messages.reduce(512) { $0 + $1.content.utf8.count * 2 }
            if !current.isEmpty, current.count >= batches.maxRequests || bytes + size > batches.maxBytes {
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

    private func poll(_ entry: BatchLedger.Entry) async {
        do {
            let progress = try await batches.progress(entry.id)
            logger.debug("batch \(entry.id): \(progress.status), \(progress.done) done, \(progress.failed) failed of \(progress.total)")
            guard progress.ended else { return }
            let requests = state.withLock { state in
                Dictionary(entry.customIDs.compactMap { id in state.requests[id].map { (id, $0) } }, uniquingKeysWith: { first, _ in first })
            }
            let results = try await batches.results(entry.id, requests: requests)
            // Into the cache first: a run killed from here on pays nothing again.
            if let cache {
                for (id, result) in results.sorted(by: { $0.key < $1.key }) {
                    if case .answer(var response) = result {
                        response.usage.batch = true
                        cache.store(response, key: id, model: descriptor)
                    }
                }
            }
            ledger.remove(entry.id)
            let deliveries = state.withLock { state -> [(CheckedContinuation<BatchItemResult, any Error>, BatchItemResult)] in
                state.entries.removeAll { $0.id == entry.id }
                var deliveries: [(CheckedContinuation<BatchItemResult, any Error>, BatchItemResult)] = []
                for id in entry.customIDs {
                    state.inBatch[id] = nil
                    let result = results[id] ?? .retry("the batch ended without an answer")
                    if case .answer = result { state.collected += 1 }
                    let waiters = state.waiters.removeValue(forKey: id) ?? []
                    // No job has asked for it yet: kept for the one that will.
                    if case .unclaimed(let read) = result, waiters.isEmpty { state.unclaimed[id] = read }
                    for waiter in waiters { deliveries.append((waiter.continuation, result)) }
                }
                return deliveries
            }
            for (continuation, result) in deliveries { continuation.resume(returning: result) }
        } catch {
            if case ChatError.authentication = error {
                logger.warning("batch \(entry.id): \(error)")
                let waiting = state.withLock { state in entry.customIDs.flatMap { state.waiters.removeValue(forKey: $0) ?? [] } }
                for waiter in waiting { waiter.continuation.resume(throwing: error) }
            } else if Self.endsBatch(error) {
                // The provider does not know it (404, a recorded batch of another account or
                // endpoint) or answers with something that is not a batch: polling again would
                // never end. Said once; the batch is forgotten and its requests go again
                // synchronously.
                logger.warning("batch \(entry.id) ended: \(error); its \(entry.customIDs.count) requests go synchronously")
                ledger.remove(entry.id)
                let waiting = state.withLock { state -> [CheckedContinuation<BatchItemResult, any Error>] in
                    state.entries.removeAll { $0.id == entry.id }
                    for id in entry.customIDs { state.inBatch[id] = nil }
                    return entry.customIDs.flatMap { (state.waiters.removeValue(forKey: $0) ?? []).map(\.continuation) }
                }
                for continuation in waiting { continuation.resume(returning: .retry("batch \(entry.id) ended: \(error)")) }
            } else {
                // Transient (the endpoint unreachable for a while): polled again later.
                logger.warning("batch \(entry.id): \(error)")
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

    /// `--no-wait`: jobs whose batch has not ended stop, saying which batch holds them.
    private func releaseUnfinished() {
        let released = state.withLock { state -> [(CheckedContinuation<BatchItemResult, any Error>, String)] in
            var released: [(CheckedContinuation<BatchItemResult, any Error>, String)] = []
            for (id, batch) in state.inBatch.sorted(by: { $0.key < $1.key }) {
                for waiter in state.waiters.removeValue(forKey: id) ?? [] { released.append((waiter.continuation, batch)) }
            }
            return released
        }
        for (continuation, batch) in released { continuation.resume(throwing: BatchPending(batch: batch)) }
    }
}
