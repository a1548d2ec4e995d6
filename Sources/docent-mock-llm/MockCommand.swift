import ArgumentParser
import Foundation
import MockLLM

@main
struct MockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docent-mock-llm",
        abstract: "An OpenAI- and Anthropic-compatible test endpoint with latency and fault injection.",
        discussion: """
            Prints 'listening on http://HOST:PORT/v1' once ready. Answers are deterministic, derived \
            from the prompt, and valid against a requested JSON schema. A request header \
            'x-mock-fault: KIND' forces a fault; GET /v1/mock/stats counts requests.
            Faults: \(MockFault.allCases.map(\.rawValue).joined(separator: ", ")).
            """)

    @Option(help: "Address to listen on (loopback by default).") var host = "127.0.0.1"
    @Option(help: "Port; 0 lets the system choose.") var port = 0
    @Option(help: "Fixed latency per answer, in ms.") var latency = 0
    @Option(help: "Random extra latency, up to this many ms.") var jitter = 0
    @Option(help: "Latency per streamed token, in ms.") var perToken = 0.0
    @Option(help: "Share of requests that get a fault (0–1).") var faultRate = 0.0
    @Option(help: "Comma-separated faults to draw from.") var faults = MockFault.allCases.map(\.rawValue).joined(separator: ",")
    @Option(help: "Seed of the random draws.") var seed: UInt64 = 1
    @Option(help: "Answer 401 unless this key is sent.") var requireKey: String?
    @Option(help: "Event-loop threads.") var threads = 1
    @Option(help: "The first N tries of each distinct request get the first listed fault.") var failFirst: Int?
    @Option(help: "Cut off (finish_reason length) every answer whose max_tokens is below N.") var lengthBelowMaxTokens: Int?
    @Flag(help: "Answer 400 to any response_format (no structured output).") var rejectResponseFormat = false
    @Option(help: "Requests per minute; beyond them 429 with retry-after-ms and rate-limit headers.") var rpm: Int?
    @Option(help: "Tokens per minute (prompt + max_tokens, counted on arrival); beyond them 429.") var tpm: Int?
    @Option(help: "Seconds of the limits a burst may use at once.") var burst = 2.0
    @Option(help: "Milliseconds a batch takes before it ends.") var batchDelay = 200
    @Flag(help: "Answer batch creation with a file object instead of a batch.") var batchNotABatch = false
    @Option(help: "The first N requests of each batch (by custom id) fail with a server error.") var batchErrors = 0
    @Option(help: "Only the first N requests of each batch (by custom id) are answered; the batch expires with the rest.") var batchExpireAfter: Int?

    func validate() throws {
        guard (0...1).contains(faultRate) else { throw ValidationError("--fault-rate must be between 0 and 1") }
        if let rpm, rpm < 1 { throw ValidationError("--rpm must be at least 1") }
        if let tpm, tpm < 1 { throw ValidationError("--tpm must be at least 1") }
        guard burst > 0 else { throw ValidationError("--burst must be positive") }
        for name in faults.split(separator: ",") where MockFault(rawValue: String(name)) == nil {
            throw ValidationError("unknown fault '\(name)'")
        }
    }

    func run() async throws {
        var config = MockConfig(
            latencyMilliseconds: latency, jitterMilliseconds: jitter, perTokenMilliseconds: perToken,
            faultRate: faultRate, faults: faults.split(separator: ",").compactMap { MockFault(rawValue: String($0)) },
            seed: seed, requiredKey: requireKey, failFirst: failFirst, rejectResponseFormat: rejectResponseFormat)
        config.lengthBelowMaxTokens = lengthBelowMaxTokens
        config.rateLimits = MockRateLimits(requestsPerMinute: rpm, tokensPerMinute: tpm, burstSeconds: burst)
        config.batches = MockBatchConfig(delayMilliseconds: batchDelay, errors: batchErrors, expireAfter: batchExpireAfter)
        config.batches.notABatch = batchNotABatch
        let server = try await MockLLMServer.start(host: host, port: port, config: config, threads: threads)
        // Written straight to the file descriptor: whoever started us waits for this line.
        FileHandle.standardOutput.write(Data("listening on http://\(host):\(server.port)/v1\n".utf8))
        try await server.wait()
    }
}
