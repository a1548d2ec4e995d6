import Synchronization

/// Requests-per-minute and tokens-per-minute token buckets shared by a whole run: a request
/// waits until both buckets hold enough for it.
package final class RateLimiter: Sendable {
    private struct Bucket {
        var capacity: Double
        var available: Double
        var perSecond: Double

        mutating func refill(after seconds: Double) {
            available = min(capacity, available + seconds * perSecond)
        }
    }

    private struct State {
        var requests: Bucket?
        var tokens: Bucket?
        var last: ContinuousClock.Instant
    }

    private let state: Mutex<State>

    package init(requestsPerMinute: Int?, tokensPerMinute: Int?) {
        func bucket(_ perMinute: Int?) -> Bucket? {
            perMinute.map { Bucket(capacity: Double($0), available: Double($0), perSecond: Double($0) / 60) }
        }
        state = Mutex(State(requests: bucket(requestsPerMinute), tokens: bucket(tokensPerMinute), last: .now))
    }

    package var isUnlimited: Bool { state.withLock { $0.requests == nil && $0.tokens == nil } }

    /// Waits until one request of `tokens` estimated tokens fits, then takes it from the buckets.
    package func acquire(tokens: Int) async throws {
        while true {
            let wait = state.withLock { state -> Double in
                let now = ContinuousClock.now
                let elapsed = state.last.duration(to: now)
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                state.last = now
                state.requests?.refill(after: seconds)
                state.tokens?.refill(after: seconds)
                // A request bigger than the whole bucket waits for a full bucket, not forever.
                let tokenNeed = min(Double(tokens), state.tokens?.capacity ?? 0)
                var wait = 0.0
                if let requests = state.requests, requests.available < 1 {
                    wait = max(wait, (1 - requests.available) / requests.perSecond)
                }
                if let bucket = state.tokens, bucket.available < tokenNeed {
                    wait = max(wait, (tokenNeed - bucket.available) / bucket.perSecond)
                }
                if wait == 0 {
                    state.requests?.available -= 1
                    state.tokens?.available -= tokenNeed
                }
                return wait
            }
            if wait == 0 { return }
            try await Task.sleep(for: .milliseconds(Int(wait * 1000) + 1))
        }
    }
}
