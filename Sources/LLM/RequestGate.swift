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

    private struct Waiter {
        var id: UInt64
        var cost: Cost
        var wake: CheckedContinuation<Void, Never>?
        var woken = false
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
        var summary = Summary()
        var learnedText: [String?]
    }

    private enum Decision {
        case go(Permit)
        case sleep(Duration)
        case park
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
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            let waiter = Waiter(id: state.nextID, cost: cost)
            if first { state.queue.insert(waiter, at: 0) } else { state.queue.append(waiter) }
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            while true {
                if Task.isCancelled {
                    leave(id)
                    throw CancellationError()
                }
                switch state.withLock({ decide(id, &$0) }) {
                case .go(let permit):
                    wakeHead()
                    return permit
                case .sleep(let duration):
                    do {
                        try await clock.sleep(for: duration)
                    } catch {
                        leave(id)
                        throw error
                    }
                case .park:
                    await park(id)
                }
            }
        } onCancel: {
            wake(id)
        }
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
            if let usage, permit.cost.promptTokens > 0 {
                let seen = Double(usage.prompt) / Double(permit.cost.promptTokens)
                state.promptScale = min(4, max(0.25, state.promptScale * 0.8 + seen * 0.2))
                // Anthropic counts output tokens from `max_tokens` first, then what was used.
                if var bucket = state.buckets[Meter.outputTokens.rawValue] {
                    bucket.available = min(bucket.capacity, bucket.available + max(0, Double(permit.cost.maxTokens - usage.completion)))
                    state.buckets[Meter.outputTokens.rawValue] = bucket
                }
            }
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
        wakeHead()
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
        wakeHead()
    }

    // MARK: - Deciding (under the lock)

    private func decide(_ id: UInt64, _ state: inout State) -> Decision {
        guard let index = state.queue.firstIndex(where: { $0.id == id }) else { return .park }
        guard index == 0 else { return .park }
        let now = clock.now()
        if let until = state.pausedUntil, now < until { return .sleep(now.duration(to: until)) }
        if state.inFlight >= maxInFlight { return .park }
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
        state.queue.removeFirst()
        return .go(permit)
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

    // MARK: - Waiting

    private func park(_ id: UInt64) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                guard let index = state.queue.firstIndex(where: { $0.id == id }) else { return true }
                if state.queue[index].woken {
                    state.queue[index].woken = false
                    return true
                }
                state.queue[index].wake = continuation
                return false
            }
            if now { continuation.resume() }
        }
    }

    private func wake(_ id: UInt64) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let index = state.queue.firstIndex(where: { $0.id == id }) else { return nil }
            defer { state.queue[index].wake = nil }
            if state.queue[index].wake == nil { state.queue[index].woken = true }
            return state.queue[index].wake
        }
        continuation?.resume()
    }

    private func wakeHead() {
        guard let head = state.withLock({ $0.queue.first?.id }) else { return }
        wake(head)
    }

    private func leave(_ id: UInt64) {
        let wasHead = state.withLock { state -> Bool in
            guard let index = state.queue.firstIndex(where: { $0.id == id }) else { return false }
            state.queue.remove(at: index)
            return index == 0
        }
        if wasHead { wakeHead() }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func format(_ seconds: Double) -> String {
        String(format: "%.2f", seconds)
    }
}
