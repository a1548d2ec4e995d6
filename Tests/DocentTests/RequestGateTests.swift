import Foundation
import HTTP
import Synchronization
@testable import LLM
import Testing

@Suite("The request gate: what decides when a request goes out")
struct RequestGateTests {
    static let small = RequestGate.Cost(promptTokens: 100, maxTokens: 100)

    /// What happened, in order.
    actor Order<Item: Sendable> {
        var items: [Item] = []
        func add(_ item: Item) { items.append(item) }
    }

    /// How long a virtual clock's waits took, in seconds: exactly what the gate made requests
    /// wait, whatever the machine's load.
    static func waited(_ clock: VirtualGateClock) -> Double {
        RequestGate.seconds(clock.elapsed)
    }

    @Test("Concurrency: at most limits.jobs in flight; a finished request lets the next waiter go, in arrival order")
    func concurrency() async throws {
        let gate = RequestGate(maxInFlight: 2)
        let first = try await gate.permit(for: Self.small)
        let second = try await gate.permit(for: Self.small)
        #expect(gate.inFlight == 2)
        let order = Order<Int>()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<3 {
                group.addTask {
                    let permit = try await gate.permit(for: Self.small)
                    await order.add(index)
                    gate.finish(permit, headers: RateLimitHeaders())
                }
                // Each waiter is queued before the next one starts.
                while gate.waiting < index + 1 { try await Task.sleep(for: .milliseconds(5)) }
            }
            #expect(await order.items.isEmpty, "nobody passes while two are in flight")
            gate.finish(first, headers: RateLimitHeaders())
            gate.finish(second, headers: RateLimitHeaders())
            try await group.waitForAll()
        }
        #expect(await order.items == [0, 1, 2])
        #expect(gate.inFlight == 0)
    }

    @Test("A 429 pauses every request for the time asked")
    func pause() async throws {
        let clock = VirtualGateClock()
        let gate = RequestGate(maxInFlight: 8, clock: clock)
        let limited = try await gate.permit(for: Self.small)
        gate.finish(limited, headers: RateLimitHeaders(), retryAfter: 0.3)
        let next = try await gate.permit(for: Self.small)
        gate.finish(next, headers: RateLimitHeaders())
        #expect(abs(Self.waited(clock) - 0.3) < 0.001, "\(Self.waited(clock))")
        #expect(gate.summary.rateLimited == 1 && abs(gate.summary.pausedSeconds - 0.3) < 0.001)
    }

    @Test("A request answered 429 goes again before the requests not sent yet")
    func retriedFirst() async throws {
        let gate = RequestGate(maxInFlight: 1)
        let held = try await gate.permit(for: Self.small)
        let order = Order<String>()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let permit = try await gate.permit(for: Self.small)
                await order.add("new")
                gate.finish(permit, headers: RateLimitHeaders())
            }
            while gate.waiting < 1 { try await Task.sleep(for: .milliseconds(5)) }
            group.addTask {
                let permit = try await gate.permit(for: Self.small, first: true)
                await order.add("again")
                gate.finish(permit, headers: RateLimitHeaders())
            }
            while gate.waiting < 2 { try await Task.sleep(for: .milliseconds(5)) }
            gate.finish(held, headers: RateLimitHeaders())
            try await group.waitForAll()
        }
        #expect(await order.items == ["again", "new"])
    }

    @Test("Limits learned from OpenAI headers: an empty bucket makes the next request wait for its refill")
    func learnedRequests() async throws {
        let clock = VirtualGateClock()
        let gate = RequestGate(maxInFlight: 8, clock: clock)
        let permit = try await gate.permit(for: Self.small)
        // 120 a minute (2 a second), none left, full again in 1 s: a burst of 2.
        gate.finish(permit, headers: RateLimitHeaders(HTTPHeaders([
            ("x-ratelimit-limit-requests", "120"), ("x-ratelimit-remaining-requests", "0"), ("x-ratelimit-reset-requests", "1s")])))
        #expect(gate.summary.learned == ["requests: 120 a minute, bursts of 2"])
        let next = try await gate.permit(for: Self.small)
        // One request needs half a second of refill.
        #expect(abs(Self.waited(clock) - 0.5) < 0.001, "\(Self.waited(clock))")
        gate.finish(next, headers: RateLimitHeaders())
    }

    @Test("A configured tokens-per-minute limit counts prompt + max_tokens; a request bigger than the bucket waits for a full one")
    func configuredTokens() async throws {
        // 6,000 a minute: 100 a second, a bucket of 200 (two seconds' worth).
        let clock = VirtualGateClock()
        let gate = RequestGate(maxInFlight: 8, tokensPerMinute: 6_000, clock: clock)
        let first = try await gate.permit(for: RequestGate.Cost(promptTokens: 50, maxTokens: 100))
        gate.finish(first, headers: RateLimitHeaders())
        #expect(Self.waited(clock) == 0, "150 of 200 at once")
        let second = try await gate.permit(for: RequestGate.Cost(promptTokens: 50, maxTokens: 100))
        gate.finish(second, headers: RateLimitHeaders())
        #expect(abs(Self.waited(clock) - 1.0) < 0.001, "the second needs 100 more: a second of refill (\(Self.waited(clock)))")
        let huge = try await gate.permit(for: RequestGate.Cost(promptTokens: 5_000, maxTokens: 5_000))
        gate.finish(huge, headers: RateLimitHeaders())
        #expect(abs(Self.waited(clock) - 3.0) < 0.001, "a full bucket (200) is what the big one waits for (\(Self.waited(clock)))")
    }

    @Test("A waiting request that is cancelled leaves the queue; the next one gets its turn")
    func cancellation() async throws {
        let gate = RequestGate(maxInFlight: 1)
        let held = try await gate.permit(for: Self.small)
        let waiting = Task { try await gate.permit(for: Self.small) }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { _ = try await waiting.value }
        let next = Task { try await gate.permit(for: Self.small) }
        gate.finish(held, headers: RateLimitHeaders())
        let permit = try await next.value
        gate.finish(permit, headers: RateLimitHeaders())
        #expect(gate.inFlight == 0)
    }

    @Test("A queued request is let go by the call that frees its place, on that thread, before the call returns")
    func handOver() async throws {
        let gate = RequestGate(maxInFlight: 1)
        let held = try await gate.permit(for: Self.small)
        let sent = Mutex<[Int]>([])
        for index in 0..<3 {
            gate.enqueue(id: gate.newWaiterID(), cost: Self.small, go: { permit in
                sent.withLock { $0.append(index) }
                gate.finish(permit, headers: RateLimitHeaders())
            }, refused: { _ in Issue.record("refused") })
        }
        #expect(sent.withLock { $0 }.isEmpty, "nobody goes while one is in flight")
        gate.finish(held, headers: RateLimitHeaders())
        // Each one, finishing in its own `go`, let the next go: no task was needed.
        #expect(sent.withLock { $0 } == [0, 1, 2])
        #expect(gate.inFlight == 0 && gate.waiting == 0 && gate.summary.requests == 4)
    }

    @Test("Thousands of queued requests that give their permit back (the run stopped) are let go in order, without nesting a call each")
    func handOverGivenBack() async throws {
        let gate = RequestGate(maxInFlight: 2)
        let held = try await gate.permit(for: Self.small)
        let refusedInGo = Mutex<[Int]>([])
        for index in 0..<20_000 {
            gate.enqueue(id: gate.newWaiterID(), cost: Self.small, go: { permit in
                gate.giveBack(permit)
                refusedInGo.withLock { $0.append(index) }
            }, refused: { _ in Issue.record("refused") })
        }
        gate.finish(held, headers: RateLimitHeaders())
        #expect(refusedInGo.withLock { $0 } == Array(0..<20_000))
        #expect(gate.inFlight == 0 && gate.waiting == 0 && gate.summary.requests == 1)
    }

    @Test("A request that leaves the queue before its turn is refused, once; the one behind it goes")
    func leaveQueue() async throws {
        let gate = RequestGate(maxInFlight: 1)
        let held = try await gate.permit(for: Self.small)
        let events = Mutex<[String]>([])
        let first = gate.newWaiterID()
        gate.enqueue(id: first, cost: Self.small, go: { _ in events.withLock { $0.append("first went") } },
                     refused: { error in events.withLock { $0.append(error is CancellationError ? "first cancelled" : "?") } })
        gate.enqueue(id: gate.newWaiterID(), cost: Self.small, go: { permit in
            events.withLock { $0.append("second went") }
            gate.finish(permit, headers: RateLimitHeaders())
        }, refused: { _ in events.withLock { $0.append("second refused") } })
        gate.leave(first)
        gate.leave(first)
        gate.finish(held, headers: RateLimitHeaders())
        #expect(events.withLock { $0 } == ["first cancelled", "second went"])
    }

    @Test("A permit given back (the run stopped while it waited) counts as not sent")
    func giveBack() async throws {
        let clock = VirtualGateClock()
        let gate = RequestGate(maxInFlight: 1, requestsPerMinute: 60, clock: clock)
        let permit = try await gate.permit(for: Self.small)
        gate.giveBack(permit)
        #expect(gate.inFlight == 0 && gate.summary.requests == 0)
        let again = try await gate.permit(for: Self.small)
        gate.finish(again, headers: RateLimitHeaders())
        #expect(Self.waited(clock) == 0, "its request went back into the bucket")
    }
}

@Suite("Rate-limit headers")
struct RateLimitHeadersTests {
    @Test("OpenAI's durations", arguments: [("20ms", 0.02), ("1s", 1.0), ("1.5s", 1.5), ("6m0s", 360.0), ("1h2m3.5s", 3723.5), ("2", 2.0)])
    func goDurations(text: String, seconds: Double) {
        #expect(RateLimitHeaders.seconds(goDuration: text).map { abs($0 - seconds) < 1e-9 } == true)
    }

    @Test("Durations that are not one are refused")
    func badDurations() {
        #expect(RateLimitHeaders.seconds(goDuration: "soon") == nil)
        #expect(RateLimitHeaders.seconds(goDuration: "5x") == nil)
        #expect(RateLimitHeaders.seconds(goDuration: "") == nil)
    }

    @Test("OpenAI headers: requests and tokens")
    func openAI() {
        let headers = RateLimitHeaders(HTTPHeaders([
            ("x-ratelimit-limit-requests", "5000"), ("x-ratelimit-remaining-requests", "4999"), ("x-ratelimit-reset-requests", "12ms"),
            ("x-ratelimit-limit-tokens", "160000"), ("x-ratelimit-remaining-tokens", "159976"), ("x-ratelimit-reset-tokens", "9ms")]))
        #expect(headers.windows[.requests] == .init(perMinute: 5000, remaining: 4999, secondsToFull: 0.012))
        #expect(headers.windows[.tokens] == .init(perMinute: 160_000, remaining: 159_976, secondsToFull: 0.009))
        #expect(headers.windows[.inputTokens] == nil)
    }

    @Test("Anthropic headers: requests, input and output tokens, resets as RFC 3339 times")
    func anthropic() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let reset = Date(timeIntervalSince1970: 1_800_000_030).formatted(.iso8601)
        let headers = RateLimitHeaders(HTTPHeaders([
            ("anthropic-ratelimit-requests-limit", "50"), ("anthropic-ratelimit-requests-remaining", "49"), ("anthropic-ratelimit-requests-reset", reset),
            ("anthropic-ratelimit-tokens-limit", "30000"), ("anthropic-ratelimit-tokens-remaining", "29000"), ("anthropic-ratelimit-tokens-reset", reset),
            ("anthropic-ratelimit-input-tokens-limit", "30000"), ("anthropic-ratelimit-input-tokens-remaining", "29000"),
            ("anthropic-ratelimit-input-tokens-reset", reset),
            ("anthropic-ratelimit-output-tokens-limit", "8000"), ("anthropic-ratelimit-output-tokens-remaining", "8000"),
            ("anthropic-ratelimit-output-tokens-reset", reset)]), now: now)
        #expect(headers.windows[.requests] == .init(perMinute: 50, remaining: 49, secondsToFull: 30))
        #expect(headers.windows[.inputTokens] == .init(perMinute: 30_000, remaining: 29_000, secondsToFull: 30))
        #expect(headers.windows[.outputTokens] == .init(perMinute: 8_000, remaining: 8_000, secondsToFull: 30))
        #expect(headers.windows[.tokens] == nil, "the combined window would count a request twice")
    }

    @Test("No headers, no windows (local servers)")
    func none() {
        #expect(RateLimitHeaders(HTTPHeaders([("content-type", "application/json")])).windows.isEmpty)
    }
}
