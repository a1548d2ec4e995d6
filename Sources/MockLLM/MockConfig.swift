/// What the mock endpoint does wrong, on purpose.
package enum MockFault: String, Sendable, Hashable, CaseIterable {
    /// 429 with `retry-after-ms` and `Retry-After`.
    case rateLimited = "429"
    case serverError = "500"
    case unavailable = "503"
    /// Accepts the request and never answers.
    case hang
    /// Closes the connection without answering.
    case reset
    /// Announces a body and closes halfway through it.
    case truncated
    /// 200 with an HTML page instead of JSON.
    case nonJSON = "nonjson"
    /// 200 with an empty answer.
    case empty
    /// 200 with `finish_reason: length` (`stop_reason: max_tokens`).
    case length
    /// 200 with the API key it was sent, upper-cased, at the end of a text answer (as a
    /// careless proxy or a prompt-injected model might).
    case echoKey = "echo-key"
}

/// Latency and fault injection for `MockLLMServer`.
package struct MockConfig: Sendable {
    /// Fixed delay before answering.
    package var latencyMilliseconds: Int
    /// Random extra delay, up to this much.
    package var jitterMilliseconds: Int
    /// Delay per generated token (streaming sends tokens as they "come").
    package var perTokenMilliseconds: Double
    /// Share of requests that get a fault, 0…1.
    package var faultRate: Double
    /// Faults drawn from when a request gets one.
    package var faults: [MockFault]
    /// Seed of the fault and jitter draws: the same seed, the same sequence.
    package var seed: UInt64
    /// When set, requests without this key get 401.
    package var requiredKey: String?
    /// `retry-after-ms` sent with 429.
    package var retryAfterMilliseconds: Int
    /// When set, the first N tries of each distinct request get `faults[0]`, later tries succeed
    /// (deterministic retry tests).
    package var failFirst: Int?
    /// Answer 400 to any `response_format`, as endpoints without structured output do.
    package var rejectResponseFormat: Bool
    /// Static pages served on GET (path → page), for tests of the house-style crawler.
    package var pages: [String: MockPage]
    /// Requests and tokens per minute beyond which the mock answers 429.
    package var rateLimits = MockRateLimits()
    /// When set, a request whose `max_tokens` is below this is cut off at its limit
    /// (`length` / `max_tokens`, usage counted), as a model whose answer needs more room.
    package var lengthBelowMaxTokens: Int?
    /// The Batch APIs: how long a batch takes, and its faults.
    package var batches = MockBatchConfig()

    package init(latencyMilliseconds: Int = 0, jitterMilliseconds: Int = 0, perTokenMilliseconds: Double = 0,
                faultRate: Double = 0, faults: [MockFault] = MockFault.allCases, seed: UInt64 = 1,
                requiredKey: String? = nil, retryAfterMilliseconds: Int = 20, failFirst: Int? = nil,
                rejectResponseFormat: Bool = false, pages: [String: MockPage] = [:]) {
        self.pages = pages
        self.failFirst = failFirst
        self.rejectResponseFormat = rejectResponseFormat
        self.latencyMilliseconds = latencyMilliseconds
        self.jitterMilliseconds = jitterMilliseconds
        self.perTokenMilliseconds = perTokenMilliseconds
        self.faultRate = faultRate
        self.faults = faults
        self.seed = seed
        self.requiredKey = requiredKey
        self.retryAfterMilliseconds = retryAfterMilliseconds
    }
}

/// A page the mock serves as a plain web server would.
package struct MockPage: Sendable {
    package var status: Int
    package var contentType: String
    package var body: String
    package var headers: [String: String]

    package init(status: Int = 200, contentType: String = "text/html; charset=utf-8", body: String, headers: [String: String] = [:]) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.headers = headers
    }
}
