import Foundation
import Logging
import Synchronization

/// Everything that decides when a model request goes out, in one place. A request waits, in
/// arrival order (a request sent again after a 429 goes first), until all of these allow it:
///
/// 1. **Concurrency**: fewer than `limits.jobs` requests are in flight.
/// 2. **Pause**: no 429 asked everyone to wait (`retry-after-ms` / `retry-after`). A 429
///    pauses all requests, not only the one it answered, and then the request goes again.
/// 3. **Buckets**: requests, tokens (OpenAI counts a request's prompt plus its `max_tokens`
///    when it arrives), input tokens and output tokens (Anthropic) per minute, each a bucket
///    refilled continuously. Their rates come from `limits.requests_per_minute` and
///    `limits.tokens_per_minute`, or from the headers every answer carries (the lower of the
///    two when both are known); their size (the burst a provider allows) from the same
///    headers: what is left plus what refills until the reset. Every answer also brings the
///    bucket down to what the endpoint says is left (an account shared with other programs),
///    and its `usage` corrects the prompt-token estimate of later requests and gives back the
///    output tokens Anthropic counted from `max_tokens` but were not used.
///
/// No other rule holds a request back. Concurrency is never lowered on a 429: the pause
/// and the buckets pace the requests, and the run keeps the provider's limit busy.
package final class RequestGate: Sendable {
    /// What the provider counts.
    package enum Meter: Int, CaseIterable, Sendable, Hashable, CustomStringConvertible {
        case requests, tokens, inputTokens, outputTokens

        package var description: String {
            switch self {
            case .requests: "requests"
            case .tokens: "tokens"
            case .inputTokens: "input tokens"
            case .outputTokens: "output tokens"
            }
        }
    }

    /// What one request costs, before its answer is known.
    package struct Cost: Sendable, Equatable {
        /// Estimated from the prompt's text (see `TokenEstimate`), before correction.
        package var promptTokens: Int
        package var maxTokens: Int

        package init(promptTokens: Int, maxTokens: Int) {
            self.promptTokens = promptTokens
            self.maxTokens = maxTokens
        }

        func amount(on meter: Meter, promptScale: Double) -> Double {
            let prompt = (Double(promptTokens) * promptScale).rounded(.up)
            return switch meter {
            case .requests: 1
            case .tokens: prompt + Double(maxTokens)
            case .inputTokens: prompt
            case .outputTokens: Double(maxTokens)
            }
        }
    }

    /// A request that may go out; hand it back with `finish` when its answer (or error) is in.
    package struct Permit: Sendable {
        fileprivate let sentAt: ContinuousClock.Instant
        fileprivate let cost: Cost
        /// What it took from each meter, and what all requests had taken before it.
        fileprivate let amounts: [Double]
        fileprivate let takenBefore: [Double]
    }

    /// What the gate did in a run, for the summary and the bench.
    package struct Summary: Sendable, Equatable {
        package var requests = 0
        package var rateLimited = 0
        package var pausedSeconds = 0.0
        package var learned: [String] = []

        /// "214 requests sent; 3 answered 429, all paused 1.20 s in all; pace learned: requests: 1200 a minute, bursts of 40"
        package var line: String {
            var text = "\(requests) request\(requests == 1 ? "" : "s") sent; \(rateLimited) answered 429"
            if rateLimited > 0 { text += ", all paused \(RequestGate.format(pausedSeconds)) s in all" }
            if !learned.isEmpty { text += "; pace learned: " + learned.joined(separator: ", ") }
            return text
        }
    }

    private struct Bucket {
        var perSecond: Double
        var capacity: Double
        var available: Double
    }

    /// A request waiting for its turn, and what to do when it comes: `go` is called with the
    /// permit by whichever thread lets the request go (see `pump`), `refused` if it leaves the
    /// queue without one (its task was cancelled).
    private struct Waiter {
        var id: UInt64
        var cost: Cost
        var go: @Sendable (Permit) -> Void
        var refused: @Sendable (any Error) -> Void
    }

    private struct State {
        var inFlight = 0
        var buckets: [Bucket?]
        /// The per-minute limits pipeline.json sets (nil: learn it).
        var configured: [Double?]
        var taken: [Double]
        var pausedUntil: ContinuousClock.Instant?
        var queue: [Waiter] = []
        var refilledAt: ContinuousClock.Instant
        /// Provider's prompt tokens per estimated token, from the answers' `usage`.
        var promptScale = 1.0
        var nextID: UInt64 = 0
        /// When the timer that looks at the queue again is due (nil: none is set).
        var timerDue: ContinuousClock.Instant?
        /// A thread is letting requests go (`pump`); another asked it to look again.
        var pumping = false
        var pumpAgain = false
        var summary = Summary()
        var learnedText: [String?]
    }

    private enum Decision {
        case go(Permit, Waiter)
        case sleep(Duration)
        case notYet
    }

    package let maxInFlight: Int
    /// Where the time comes from (the system's clock; a virtual one in tests).
    let clock: any GateClock
    private let state: Mutex<State>
    private let logger = Logger(label: "docent.transport")

    package init(maxInFlight: Int, requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil, clock: any GateClock = SystemGateClock()) {
        self.maxInFlight = max(1, maxInFlight)
        self.clock = clock
        let meters = Meter.allCases.count
        var configured = [Double?](repeating: nil, count: meters)
        configured[Meter.requests.rawValue] = requestsPerMinute.map(Double.init)
        configured[Meter.tokens.rawValue] = tokensPerMinute.map(Double.init)
        // Until the endpoint says how big its buckets are: two seconds' worth, a size every
        // provider we know allows (a larger burst is learned from the first answer).
        let buckets = configured.map { perMinute in
            perMinute.map { Bucket(perSecond: $0 / 60, capacity: max(1, $0 / 30), available: max(1, $0 / 30)) }
        }
        state = Mutex(State(buckets: buckets, configured: configured, taken: Array(repeating: 0, count: meters),
                            refilledAt: clock.now(), learnedText: Array(repeating: nil, count: meters)))
    }

    package var summary: Summary { state.withLock { $0.summary } }

    /// Requests in flight now.
    package var inFlight: Int { state.withLock { $0.inFlight } }

    /// Requests waiting for their turn now.
    package var waiting: Int { state.withLock { $0.queue.count } }

    /// Waits for the request's turn. `first`: it was sent before and answered 429, so it goes
    /// ahead of the requests that have not been sent yet.
    package func permit(for cost: Cost, first: Bool = false) async throws -> Permit {
        let id = newWaiterID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Permit, any Error>) in
                enqueue(id: id, cost: cost, first: first,
                        go: { continuation.resume(returning: $0) },
                        refused: { continuation.resume(throwing: $0) })
            }
        } onCancel: {
            leave(id)
        }
    }

    /// A number for `enqueue`, to `leave` the queue with.
    package func newWaiterID() -> UInt64 {
        state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
    }

    /// Queues a request without waiting: when its turn comes, `go` is called with its permit on
    /// the thread that let it go, which is often the transport's own, the moment the answer
    /// before it is in. A request handed over this way goes out without waiting for a task to
    /// be scheduled (on two busy cores that wait was most of a run's idle time, see
    /// `EndpointCall`). `go` must be quick and must not wait. `refused` is called instead if
    /// the request leaves the queue first (`leave`, or its task was already cancelled).
    package func enqueue(id: UInt64, cost: Cost, first: Bool = false,
                         go: @escaping @Sendable (Permit) -> Void, refused: @escaping @Sendable (any Error) -> Void) {
        state.withLock { state in
            let waiter = Waiter(id: id, cost: cost, go: go, refused: refused)
            if first { state.queue.insert(waiter, at: 0) } else { state.queue.append(waiter) }
        }
        if Task.isCancelled {
            leave(id)
            return
        }
        pump()
    }

    /// The request is over. `headers`: what the answer said about the limits; `usage`: the
    /// tokens it really used; `retryAfter`: the answer was a 429 asking to wait that long.
    package func finish(_ permit: Permit, headers: RateLimitHeaders, usage: (prompt: Int, completion: Int)? = nil,
                        retryAfter: Double? = nil) {
        let messages = state.withLock { state -> [String] in
            state.inFlight -= 1
            let now = clock.now()
            refill(&state, now: now)
            var messages: [String] = []
            if let usage { correct(permit, usage: usage, &state) }
            messages += learn(headers, permit: permit, now: now, &state)
            if let retryAfter {
                state.summary.rateLimited += 1
                let until = now + .milliseconds(Int((retryAfter * 1000).rounded(.up)))
                let from = max(state.pausedUntil ?? now, now)
                if until > from {
                    state.summary.pausedSeconds += Self.seconds(from.duration(to: until))
                    state.pausedUntil = until
                }
                messages.append("429: all requests wait \(Self.format(retryAfter)) s (\(state.inFlight) in flight)")
            }
            return messages
        }
        for message in messages { logger.debug("\(message)") }
        pump()
    }

    /// What a request finished earlier (its place let go by the transport, the moment its answer
    /// was in) really used, once its answer is read: corrects later requests' estimates.
    package func account(_ permit: Permit, usage: (prompt: Int, completion: Int)) {
        state.withLock { correct(permit, usage: usage, &$0) }
        pump()
    }

    private func correct(_ permit: Permit, usage: (prompt: Int, completion: Int), _ state: inout State) {
        guard permit.cost.promptTokens > 0 else { return }
        let seen = Double(usage.prompt) / Double(permit.cost.promptTokens)
        state.promptScale = min(4, max(0.25, state.promptScale * 0.8 + seen * 0.2))
        // Anthropic counts output tokens from `max_tokens` first, then what was used.
        if var bucket = state.buckets[Meter.outputTokens.rawValue] {
            bucket.available = min(bucket.capacity, bucket.available + max(0, Double(permit.cost.maxTokens - usage.completion)))
            state.buckets[Meter.outputTokens.rawValue] = bucket
        }
    }

    /// The request was not sent after all: what it took goes back.
    package func giveBack(_ permit: Permit) {
        state.withLock { state in
            state.inFlight -= 1
            state.summary.requests -= 1
            for meter in Meter.allCases {
                state.taken[meter.rawValue] -= permit.amounts[meter.rawValue]
                guard var bucket = state.buckets[meter.rawValue] else { continue }
                bucket.available = min(bucket.capacity, bucket.available + min(permit.amounts[meter.rawValue], bucket.capacity))
                state.buckets[meter.rawValue] = bucket
            }
        }
        pump()
    }

    // MARK: - Deciding (under the lock)

    /// Whether the first request in the queue may go now; if so, takes it out of the queue.
    private func decide(_ state: inout State) -> Decision {
        guard !state.queue.isEmpty else { return .notYet }
        let now = clock.now()
        if let until = state.pausedUntil, now < until { return .sleep(now.duration(to: until)) }
        if state.inFlight >= maxInFlight { return .notYet }
        refill(&state, now: now)
        let cost = state.queue[0].cost
        let amounts = Meter.allCases.map { cost.amount(on: $0, promptScale: state.promptScale) }
        var wait = 0.0
        for meter in Meter.allCases {
            guard let bucket = state.buckets[meter.rawValue] else { continue }
            // A request bigger than the whole bucket waits for a full bucket, not forever.
            let need = min(amounts[meter.rawValue], bucket.capacity)
            if bucket.available < need { wait = max(wait, (need - bucket.available) / bucket.perSecond) }
        }
        if wait > 0 { return .sleep(.microseconds(Int((wait * 1_000_000).rounded(.up)))) }
        for meter in Meter.allCases {
            guard var bucket = state.buckets[meter.rawValue] else { continue }
            bucket.available -= min(amounts[meter.rawValue], bucket.capacity)
            state.buckets[meter.rawValue] = bucket
        }
        let permit = Permit(sentAt: now, cost: cost, amounts: amounts, takenBefore: state.taken)
        for meter in Meter.allCases { state.taken[meter.rawValue] += amounts[meter.rawValue] }
        state.inFlight += 1
        state.summary.requests += 1
        return .go(permit, state.queue.removeFirst())
    }

    private func refill(_ state: inout State, now: ContinuousClock.Instant) {
        let seconds = Self.seconds(state.refilledAt.duration(to: now))
        guard seconds > 0 else { return }
        state.refilledAt = now
        for index in state.buckets.indices {
            guard var bucket = state.buckets[index] else { continue }
            bucket.available = min(bucket.capacity, bucket.available + seconds * bucket.perSecond)
            state.buckets[index] = bucket
        }
    }

    /// Sets the buckets from an answer's headers; returns what changed, for the log.
    private func learn(_ headers: RateLimitHeaders, permit: Permit, now: ContinuousClock.Instant, _ state: inout State) -> [String] {
        var messages: [String] = []
        for meter in Meter.allCases {
            guard let window = headers.windows[meter] else { continue }
            let index = meter.rawValue
            let perMinute = min(window.perMinute, state.configured[index] ?? .infinity)
            let perSecond = perMinute / 60
            // The burst: what is left plus what refills until the bucket is full again.
            let capacity = min(window.perMinute, max(1, window.remaining + (window.secondsToFull ?? 2) * window.perMinute / 60))
            // What is left now, by the endpoint's count when it answered: refilled since, less
            // what went out after this request (it may not have been counted yet).
            let sentAfter = state.taken[index] - permit.takenBefore[index] - permit.amounts[index]
            let left = window.remaining + Self.seconds(permit.sentAt.duration(to: now)) * perSecond - sentAfter
            if var bucket = state.buckets[index] {
                bucket.perSecond = perSecond
                bucket.capacity = capacity
                bucket.available = min(bucket.available, left, capacity)
                state.buckets[index] = bucket
            } else {
                state.buckets[index] = Bucket(perSecond: perSecond, capacity: capacity, available: min(capacity, left))
            }
            let text = "\(meter): \(Int(perMinute)) a minute, bursts of \(Int(capacity))"
            if state.learnedText[index] != text {
                state.learnedText[index] = text
                state.summary.learned.removeAll { $0.hasPrefix("\(meter):") }
                state.summary.learned.append(text)
                messages.append("pace set from the endpoint's headers: \(text)")
            }
        }
        return messages
    }

    // MARK: - Letting requests go

    /// Lets go every request whose turn has come, in order. Called whenever that may have
    /// changed: a request queued, one finished or given back, a pause or a bucket's refill over
    /// (a timer task, the only waiting the gate does itself). One thread lets requests go at a
    /// time: a call while another thread is at it only asks that thread to look once more (so
    /// a `go` that gives its permit back does not nest a call per waiting request).
    private func pump() {
        let mine = state.withLock { state -> Bool in
            if state.pumping {
                state.pumpAgain = true
                return false
            }
            state.pumping = true
            return true
        }
        guard mine else { return }
        while true {
            let next = state.withLock { state -> (Permit, Waiter)? in
                while true {
                    switch decide(&state) {
                    case .go(let permit, let waiter):
                        return (permit, waiter)
                    case .sleep(let duration):
                        if state.timerDue == nil {
                            state.timerDue = clock.now().advanced(by: duration)
                            Task { [self] in
                                try? await clock.sleep(for: duration)
                                self.state.withLock { $0.timerDue = nil }
                                pump()
                            }
                        }
                    case .notYet:
                        break
                    }
                    if state.pumpAgain {
                        state.pumpAgain = false
                        continue
                    }
                    state.pumping = false
                    return nil
                }
            }
            guard let (permit, waiter) = next else { return }
            waiter.go(permit)
        }
    }

    /// Takes a request out of the queue before its turn (its task was cancelled); nothing if it
    /// already went.
    package func leave(_ id: UInt64) {
        let left = state.withLock { state -> (Waiter, Bool)? in
            guard let index = state.queue.firstIndex(where: { $0.id == id }) else { return nil }
            return (state.queue.remove(at: index), index == 0)
        }
        guard let (waiter, wasFirst) = left else { return }
        waiter.refused(CancellationError())
        if wasFirst { pump() }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func format(_ seconds: Double) -> String {
        String(format: "%.2f", seconds)
    }
}
