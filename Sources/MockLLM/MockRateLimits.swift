import Foundation

/// A provider's rate limits, as the mock enforces them: request and token buckets refilled
/// continuously (`rpm / 60` and `tpm / 60` a second), holding `burstSeconds` worth. A request
/// costs its prompt (about 4 bytes a token) plus its `max_tokens`, counted when it arrives, as
/// OpenAI counts it. Beyond them: 429 with `retry-after-ms` / `retry-after`; every answer
/// carries the OpenAI `x-ratelimit-*` and Anthropic `anthropic-ratelimit-*` headers.
package struct MockRateLimits: Sendable {
    package var requestsPerMinute: Int?
    package var tokensPerMinute: Int?
    package var burstSeconds: Double

    package init(requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil, burstSeconds: Double = 2) {
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.burstSeconds = burstSeconds
    }

    package var isSet: Bool { requestsPerMinute != nil || tokensPerMinute != nil }
}

/// The buckets' state; kept under the mock's lock.
struct MockBuckets {
    var requests: Double
    var tokens: Double
    var last: ContinuousClock.Instant

    /// Full buckets at `now` (a test gives the instant its requests use, so that no time
    /// passes between the two on a loaded machine).
    init(_ limits: MockRateLimits, now: ContinuousClock.Instant = .now) {
        requests = Self.capacity(limits.requestsPerMinute, limits.burstSeconds)
        tokens = Self.capacity(limits.tokensPerMinute, limits.burstSeconds)
        last = now
    }

    static func capacity(_ perMinute: Int?, _ burst: Double) -> Double {
        guard let perMinute else { return .infinity }
        return max(1, Double(perMinute) * burst / 60)
    }

    struct Decision {
        /// Nil when admitted; else how long until the request would fit.
        var retryAfterSeconds: Double?
        var headers: [(String, String)]
    }

    /// Takes a request of `cost` tokens, or says when it would fit.
    mutating func admit(cost: Int, limits: MockRateLimits, now: ContinuousClock.Instant = .now) -> Decision {
        let gap = now - last
        let elapsed = Double(gap.components.seconds) + Double(gap.components.attoseconds) / 1e18
        last = now
        let requestCapacity = Self.capacity(limits.requestsPerMinute, limits.burstSeconds)
        let tokenCapacity = Self.capacity(limits.tokensPerMinute, limits.burstSeconds)
        if let rpm = limits.requestsPerMinute { requests = min(requestCapacity, requests + elapsed * Double(rpm) / 60) }
        if let tpm = limits.tokensPerMinute { tokens = min(tokenCapacity, tokens + elapsed * Double(tpm) / 60) }
        var wait = 0.0
        if let rpm = limits.requestsPerMinute, requests < 1 { wait = max(wait, (1 - requests) * 60 / Double(rpm)) }
        if let tpm = limits.tokensPerMinute, tokens < Double(cost) {
            // A request larger than the whole bucket can never fit: say so by a minute's wait.
            wait = max(wait, Double(cost) > tokenCapacity ? 60 : (Double(cost) - tokens) * 60 / Double(tpm))
        }
        if wait == 0 {
            requests -= limits.requestsPerMinute == nil ? 0 : 1
            tokens -= limits.tokensPerMinute == nil ? 0 : Double(cost)
        }
        return Decision(retryAfterSeconds: wait > 0 ? wait : nil, headers: headers(limits))
    }

    private func headers(_ limits: MockRateLimits) -> [(String, String)] {
        var headers: [(String, String)] = []
        func reset(_ missing: Double, _ perMinute: Int) -> Double { max(0, missing) * 60 / Double(perMinute) }
        if let rpm = limits.requestsPerMinute {
            let remaining = Int(max(0, requests).rounded(.down))
            let seconds = reset(Self.capacity(rpm, limits.burstSeconds) - requests, rpm)
            headers += [("x-ratelimit-limit-requests", String(rpm)), ("x-ratelimit-remaining-requests", String(remaining)),
                        ("x-ratelimit-reset-requests", Self.duration(seconds)),
                        ("anthropic-ratelimit-requests-limit", String(rpm)), ("anthropic-ratelimit-requests-remaining", String(remaining)),
                        ("anthropic-ratelimit-requests-reset", Self.time(secondsFromNow: seconds))]
        }
        if let tpm = limits.tokensPerMinute {
            let remaining = Int(max(0, tokens).rounded(.down))
            let seconds = reset(Self.capacity(tpm, limits.burstSeconds) - tokens, tpm)
            headers += [("x-ratelimit-limit-tokens", String(tpm)), ("x-ratelimit-remaining-tokens", String(remaining)),
                        ("x-ratelimit-reset-tokens", Self.duration(seconds)),
                        ("anthropic-ratelimit-tokens-limit", String(tpm)), ("anthropic-ratelimit-tokens-remaining", String(remaining)),
                        ("anthropic-ratelimit-tokens-reset", Self.time(secondsFromNow: seconds))]
        }
        return headers
    }

    /// An RFC 3339 time, as Anthropic writes resets.
    static func time(secondsFromNow seconds: Double) -> String {
        Date(timeIntervalSinceNow: seconds).formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// "120ms", "1.5s", as OpenAI writes reset durations.
    static func duration(_ seconds: Double) -> String {
        seconds < 1 ? "\(Int((seconds * 1000).rounded(.up)))ms" : String(format: "%.3gs", seconds)
    }
}
