import Foundation
@testable import MockLLM
import Testing

@Suite("The mock's rate limits")
struct MockRateLimitTests {
    @Test("Request and token buckets: a burst's worth at once, then refilled per second; 429 says when")
    func buckets() {
        let limits = MockRateLimits(requestsPerMinute: 120, tokensPerMinute: 6_000, burstSeconds: 2)
        let start = ContinuousClock.now
        var buckets = MockBuckets(limits, now: start)
        // 120 a minute with a 2 s burst: 4 requests at once.
        for _ in 0..<4 { #expect(buckets.admit(cost: 10, limits: limits, now: start).retryAfterSeconds == nil) }
        let refused = buckets.admit(cost: 10, limits: limits, now: start)
        #expect(refused.retryAfterSeconds.map { abs($0 - 0.5) < 0.01 } == true, "\(String(describing: refused.retryAfterSeconds))")
        #expect(refused.headers.contains { $0 == ("x-ratelimit-remaining-requests", "0") })
        // Half a second later one request fits again.
        #expect(buckets.admit(cost: 10, limits: limits, now: start + .milliseconds(500)).retryAfterSeconds == nil)
        // Tokens: 6,000 a minute with a 2 s burst holds 200; a request costing more than the
        // whole bucket is told to wait a minute.
        var tokens = MockBuckets(MockRateLimits(tokensPerMinute: 6_000, burstSeconds: 2), now: start)
        #expect(tokens.admit(cost: 150, limits: MockRateLimits(tokensPerMinute: 6_000, burstSeconds: 2), now: start).retryAfterSeconds == nil)
        #expect(tokens.admit(cost: 100, limits: MockRateLimits(tokensPerMinute: 6_000, burstSeconds: 2), now: start).retryAfterSeconds.map { abs($0 - 0.5) < 0.01 } == true)
        #expect(tokens.admit(cost: 500, limits: MockRateLimits(tokensPerMinute: 6_000, burstSeconds: 2), now: start).retryAfterSeconds == 60)
    }
}

@Suite("docent against a rate-limited endpoint", .serialized)
struct EndToEndRateLimitTests {
    /// `docent run` of 4 artworks × 2 audiences against a mock started with `mockArguments`:
    /// its run totals, and how many requests the mock refused with a 429.
    func run(mockArguments: [String], limits: String) async throws -> (totals: [String: Int], rateLimited: Int) {
        let mock = try MockProcess(mockArguments)
        let folder = try TemporaryFolder()
        try folder.write("""
            {"institution": {"name": "Musée de Test"}, "sources": {"artworks": ["artworks"]},
             "source_language": "fr", "languages": ["en"], "audiences": ["general", "children"],
             "limits": \(limits), "model": {"provider": "openai", "name": "mock-model"}}
            """, to: "pipeline.json")
        try folder.copy(Repo.templates, to: "templates")
        try folder.copy(Repo.fixtures + "/records/works.json", to: "artworks/works.json")
        let run = try await DocentBinary.run(["run", "--json"], in: folder.path, environment: ["DOCENT_BASE_URL": mock.baseURL, "DOCENT_API_KEY": "k"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let stats = try await mock.stats()
        return (report?["totals"] as? [String: Int] ?? [:], stats["rate_limited"] as? Int ?? 0)
    }

    @Test("Past the requests-per-minute limit the mock answers 429 with retry-after-ms and rate-limit headers; docent pauses, learns the limit from the headers and paces the rest: every job completes")
    func requestsPerMinute() async throws {
        let (totals, rateLimited) = try await run(mockArguments: ["--rpm", "120", "--burst", "1"], limits: #"{"jobs": 8, "revision_rounds": 0}"#)
        #expect(totals["created"] == 8 && totals["failed"] == 0, "\(totals)")
        // Only the first wave, sent before any answer told the limit, can meet a 429. (On a
        // loaded machine the first answer can come back before the third request goes out:
        // then the limit is learned before any 429, and none is the right count.)
        #expect(rateLimited <= 8, "\(rateLimited) 429s")
    }

    @Test("Under a tokens-per-minute limit (prompt + max_tokens counted on arrival) no job fails, even with 2 attempts: a 429 is pacing, and the learned token bucket keeps them to the first wave")
    func tokensPerMinute() async throws {
        let (totals, rateLimited) = try await run(mockArguments: ["--tpm", "120000"], limits: #"{"jobs": 8, "revision_rounds": 0, "attempts": 2}"#)
        #expect(totals["created"] == 8 && totals["failed"] == 0, "\(totals)")
        #expect(rateLimited <= 8, "\(rateLimited) 429s")
    }
}
