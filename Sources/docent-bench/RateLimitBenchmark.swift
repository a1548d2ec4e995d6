import Foundation
import HTTP
import MockLLM

/// Docent against a rate-limited endpoint (the mock's `--rpm`, `--tpm`, `--burst`, with
/// 200 ms latency): how much of the limit a run keeps busy, and how many of its requests meet
/// a 429. "Share of the limit used" = what the endpoint admitted ÷ what it would have admitted
/// from the first admitted request to the last (the burst plus the rate × that time), counted
/// as the endpoint counts: requests, or tokens (prompt + `max_tokens`, on arrival).
struct RateLimitBenchmark {
    var engine: EngineBenchmark

    struct Measured {
        var share: Double
        var rateLimitedShare: Double
        var seconds: Double
        var created: Int
        var failed: Int
        var admitted: Int
    }

    func measure(mockArguments: [String], scenario: EngineBenchmark.Scenario, perMinute: Double, burstSeconds: Double,
                 tokens: Bool, client: HTTPClient) async throws -> Measured {
        let mock = try MockLLMProcess(executable: engine.mockPath, arguments: mockArguments)
        defer { mock.stop() }
        let folder = try engine.project(scenario, baseURL: mock.baseURL)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try await engine.run(folder, client: client, mock: mock)
        let body = try await client.execute(HTTPRequest(url: mock.baseURL + "/mock/stats")).body
        let stats = try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:]
        let admitted = stats["admitted"] as? Int ?? 0
        let admittedTokens = stats["admitted_tokens"] as? Int ?? 0
        let rateLimited = stats["rate_limited"] as? Int ?? 0
        let span = stats["admitted_span_seconds"] as? Double ?? 0
        let possible = perMinute * burstSeconds / 60 + perMinute / 60 * span
        let used = Double(tokens ? admittedTokens : admitted)
        return Measured(share: used / possible, rateLimitedShare: Double(rateLimited) / Double(max(1, admitted + rateLimited)),
                        seconds: result.seconds, created: result.report.totals.created, failed: result.report.totals.failed, admitted: admitted)
    }

    func rows() async throws -> [(String, String, String)] {
        var rows: [(String, String, String)] = []
        let audiences = ["general", "children", "experts", "audio", "easy-read", "press", "school", "social", "web"]
        try await withHTTPClient(maxConnections: 64) { client in
            func row(_ label: String, _ measured: Measured, drafts: Int = 216) -> [(String, String, String)] {
                [("\(label): share of the limit used / of requests answered 429 (\(measured.admitted) admitted, \(String(format: "%.1f", measured.seconds)) s)",
                  String(format: "%.3f / %.3f", measured.share, measured.rateLimitedShare), "≥ 0.95 / ≤ 0.05"),
                 ("  drafts created / failed", "\(measured.created) / \(measured.failed)", "\(drafts) / 0")]
            }
            // With the default revision rounds, as a user runs it (a draft the checks find fault
            // with goes back to the model).
            let drafts = EngineBenchmark.Scenario(artworks: 24, audiences: audiences, languages: [], stages: [.draft], jobs: 32,
                                                  limits: ["revision_rounds": 2])
            let rpm = ["--rpm", "1200", "--burst", "2", "--latency", "200", "--threads", "1"]
            rows += row("1,200 RPM (2 s burst), 200 ms, 24 × 9 drafts, 32 in flight, limit learned from headers",
                        try await measure(mockArguments: rpm, scenario: drafts, perMinute: 1200, burstSeconds: 2, tokens: false, client: client))
            var configured = drafts
            configured.limits["requests_per_minute"] = 1200
            rows += row("  the same with limits.requests_per_minute: 1200",
                        try await measure(mockArguments: rpm, scenario: configured, perMinute: 1200, burstSeconds: 2, tokens: false, client: client))
            // 200,000 tokens a minute in a whole-minute bucket, over a run of a few minutes: the
            // first minute's burst is spent at once, the rest is the pace (one request per draft).
            let tpm = ["--tpm", "200000", "--burst", "60", "--latency", "200", "--threads", "1"]
            var single = drafts
            single.artworks = 85
            single.limits["revision_rounds"] = 0
            rows += row("200,000 TPM (a full-minute bucket), 200 ms, 85 × 9 drafts without revisions, 32 in flight, learned; share counted in tokens",
                        try await measure(mockArguments: tpm, scenario: single, perMinute: 200_000, burstSeconds: 60, tokens: true, client: client),
                        drafts: 85 * 9)
        }
        return rows
    }
}
