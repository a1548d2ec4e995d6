import Foundation
import Prose
import HTTP
import LLM
import MockLLM
import Testing

/// The LLM transport against `MockLLMServer` on loopback (port 0), one fault kind at a time.
@Suite("LLM transport against the mock endpoint")
struct TransportTests {
    static let sentinel = "sk-test-SENTINEL-7f3a9c2e51d04b8e"
    static let fastRetry = RetryPolicy(maxAttempts: 3, initialDelay: 0.01, maxDelay: 0.05)

    let request = ChatRequest(messages: [
        ChatMessage(.system, "You write museum texts."),
        ChatMessage(.user, "Write a label. Length: 20 to 30 words. Title: La Laitière. Maker: Johannes Vermeer."),
    ], temperature: 0.2, maxTokens: 300)

    func withModel<T: Sendable>(
        _ config: MockConfig, provider: String = "openai", stream: Bool = false, key: String? = sentinel,
        timeout: Duration = .seconds(10), retry: RetryPolicy = fastRetry, path: String = "/v1",
        _ body: (any ChatModel, MockLLMServer) async throws -> T
    ) async throws -> T {
        let server = try await MockLLMServer.start(config: config)
        do {
            let result = try await withHTTPClient { client in
                let endpoint = Endpoint(baseURL: "http://127.0.0.1:\(server.port)\(path)", model: "mock-model", apiKey: key,
                                        timeout: timeout, retry: retry, stream: stream, client: client)
                let model: any ChatModel = provider == "anthropic" ? AnthropicChatModel(endpoint: endpoint) : OpenAIChatModel(endpoint: endpoint)
                return try await body(model, server)
            }
            await server.shutdown()
            return result
        } catch {
            await server.shutdown()
            throw error
        }
    }

    func stats(_ server: MockLLMServer) async throws -> [String: Any] {
        let body = try await withHTTPClient { client in
            try await client.execute(HTTPRequest(url: "\(server.baseURL)/mock/stats")).body
        }
        return try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:]
    }

    @Test("A clean answer: text, usage, one attempt", arguments: ["openai", "anthropic"])
    func cleanAnswer(provider: String) async throws {
        try await withModel(MockConfig(), provider: provider) { model, _ in
            let answer = try await model.complete(request)
            #expect(TextStatsLite.words(answer.text) >= 20)
            #expect(answer.usage.prompt > 0 && answer.usage.completion > 0)
            #expect(answer.attempts == 1)
            #expect(answer.finishReason == .stop)
        }
    }

    @Test("Streaming gives the same text as a plain answer", arguments: ["openai", "anthropic"])
    func streaming(provider: String) async throws {
        let plain = try await withModel(MockConfig(), provider: provider) { model, _ in try await model.complete(request) }
        let streamed = try await withModel(MockConfig(perTokenMilliseconds: 1), provider: provider, stream: true) { model, _ in
            try await model.complete(request)
        }
        #expect(streamed.text == plain.text)
        #expect(streamed.usage.completion == plain.usage.completion)
    }

    @Test("Transient faults are retried and the second try succeeds",
          arguments: [MockFault.rateLimited, .serverError, .unavailable, .reset, .truncated, .nonJSON, .empty])
    func retried(fault: MockFault) async throws {
        try await withModel(MockConfig(faults: [fault], failFirst: 1)) { model, server in
            let answer = try await model.complete(request)
            #expect(answer.attempts == 2)
            let requests = try await stats(server)["requests"] as? Int
            #expect(requests == 2)
        }
    }

    @Test("A hung request times out and is retried")
    func hang() async throws {
        try await withModel(MockConfig(faults: [.hang], failFirst: 1), timeout: .milliseconds(400)) { model, _ in
            let answer = try await model.complete(request)
            #expect(answer.attempts == 2)
        }
    }

    @Test("429s are the endpoint's pace: more of them than attempts still end in an answer, within limits.max_wait")
    func rateLimitIsPacing() async throws {
        try await withModel(MockConfig(faults: [.rateLimited], retryAfterMilliseconds: 20, failFirst: 6)) { model, server in
            let answer = try await model.complete(request)
            #expect(answer.attempts == 7, "six 429s, then the answer, with 3 attempts allowed")
            #expect(try await stats(server)["requests"] as? Int == 7)
        }
        var patience = Self.fastRetry
        patience.maxRateLimitWait = 0.05
        _ = try await withModel(MockConfig(faults: [.rateLimited], retryAfterMilliseconds: 20, failFirst: 100), retry: patience) { model, _ in
            await #expect {
                _ = try await model.complete(request)
            } throws: { error in
                guard case ChatError.rateLimited(_, let last) = error else { return false }
                return last.contains("HTTP 429")
            }
        }
    }

    @Test("A fault that never stops exhausts the attempts and says why")
    func exhausted() async throws {
        try await withModel(MockConfig(faults: [.unavailable], failFirst: 100)) { model, server in
            await #expect {
                _ = try await model.complete(request)
            } throws: { error in
                guard case ChatError.exhausted(3, let last) = error else { return false }
                return last.contains("HTTP 503")
            }
            let requests = try await stats(server)["requests"] as? Int
            #expect(requests == 3)
        }
    }

    @Test("A cut-off answer comes back marked cut off, with the tokens it cost, and is not retried", arguments: [false, true])
    func length(stream: Bool) async throws {
        try await withModel(MockConfig(faults: [.length], failFirst: 1), stream: stream) { model, server in
            let response = try await model.complete(request)
            #expect(response.finishReason == .length)
            #expect(response.usage.prompt > 0 && response.usage.completion > 0, "a cut-off answer is paid for")
            let requests = try await stats(server)["requests"] as? Int
            #expect(requests == 1)
        }
    }

    @Test("A wrong key stops at once, and the key appears in no error", arguments: ["openai", "anthropic"])
    func authentication(provider: String) async throws {
        try await withModel(MockConfig(requiredKey: "the-right-key"), provider: provider) { model, server in
            do {
                _ = try await model.complete(request)
                Issue.record("expected an authentication failure")
            } catch let error as ChatError {
                #expect(error.stopsRun)
                #expect(!"\(error)".contains(Self.sentinel))
                #expect(!"\(error)".contains("SENTINEL"))
                #expect("\(error)".contains("HTTP 401"))
            }
            let requests = try await stats(server)["requests"] as? Int
            #expect(requests == 1)
        }
    }

    @Test("400 and 404 are not retried")
    func notRetried() async throws {
        try await withModel(MockConfig(), path: "/nowhere") { model, server in
            await #expect {
                _ = try await model.complete(request)
            } throws: { error in
                if case ChatError.rejected(404, _) = error { return true }
                return false
            }
            let requests = try await stats(server)["requests"] as? Int
            #expect(requests == 1)
        }
    }

    @Test("Nothing listening: unreachable after the attempts")
    func unreachable() async throws {
        // Bind a port, then close it, so nothing listens there.
        let server = try await MockLLMServer.start()
        let port = server.port
        await server.shutdown()
        await withHTTPClient { client in
            let endpoint = Endpoint(baseURL: "http://127.0.0.1:\(port)/v1", model: "m", apiKey: Self.sentinel,
                                    retry: Self.fastRetry, client: client)
            await #expect {
                _ = try await OpenAIChatModel(endpoint: endpoint).complete(request)
            } throws: { error in
                guard case ChatError.unreachable(let message) = error else { return false }
                return !message.contains(Self.sentinel)
            }
        }
    }

    static let schema = #"{"type": "object", "required": ["keyphrase", "keywords"], "additionalProperties": false, "properties": {"keyphrase": {"type": "string", "minLength": 3, "maxLength": 40}, "keywords": {"type": "array", "minItems": 5, "maxItems": 10, "items": {"type": "string"}}}}"#

    @Test("Structured output follows the schema", arguments: ["openai", "anthropic"])
    func structured(provider: String) async throws {
        var schemaRequest = request
        schemaRequest.jsonSchema = Self.schema
        try await withModel(MockConfig(), provider: provider) { model, _ in
            let answer = try await model.complete(schemaRequest)
            #expect(JSONSchemaValidator.validate(json: answer.text, schema: Self.schema).isEmpty, "\(answer.text)")
        }
    }

    @Test("An endpoint without response_format falls back to a prompted, validated JSON answer")
    func structuredFallback() async throws {
        var schemaRequest = request
        schemaRequest.jsonSchema = Self.schema
        try await withModel(MockConfig(rejectResponseFormat: true)) { model, server in
            let first = try await model.complete(schemaRequest)
            #expect(JSONSchemaValidator.validate(json: first.text, schema: Self.schema).isEmpty)
            let before = try await stats(server)["requests"] as? Int ?? 0
            // It remembers: the next request goes straight to the prompted form.
            _ = try await model.complete(schemaRequest)
            let requests = try await stats(server)["requests"] as? Int
            #expect(requests == before + 1)
        }
    }

    @Test("Cancelling a request aborts the transfer")
    func cancellation() async throws {
        try await withModel(MockConfig(latencyMilliseconds: 5_000)) { model, _ in
            let task = Task { try await model.complete(request) }
            try await Task.sleep(for: .milliseconds(100))
            task.cancel()
            await #expect(throws: CancellationError.self) { _ = try await task.value }
        }
    }

    /// The OS name of the calling thread.
    static func threadName() -> String {
        ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("Responses over the size limit fail cleanly")
    func sizeLimit() async throws {
        let server = try await MockLLMServer.start()
        try await withHTTPClient { client in
            let body = try JSONSerialization.data(withJSONObject: ["model": "m", "messages": [["role": "user", "content": "Length: 400 to 400 words. " + String(repeating: "word ", count: 50)]]])
            await #expect(throws: HTTPError.responseTooLarge(limit: 100)) {
                _ = try await client.execute(HTTPRequest(method: .post, url: server.baseURL + "/chat/completions", body: body, maxResponseBytes: 100))
            }
        }
        await server.shutdown()
    }
}

/// Word counting without the Copy module.
enum TextStatsLite {
    static func words(_ text: String) -> Int { text.split { $0.isWhitespace }.count }
}

@Suite("Retry policy, rate limits, SSE parsing")
struct TransportUnitTests {
    @Test("Backoff: min(0.5·2ⁿ, 8) s less up to 25 % jitter")
    func backoff() {
        let policy = RetryPolicy()
        #expect(policy.delay(afterAttempt: 1, serverDelay: nil, jitter: 0) == 0.5)
        #expect(policy.delay(afterAttempt: 3, serverDelay: nil, jitter: 0) == 2)
        #expect(policy.delay(afterAttempt: 10, serverDelay: nil, jitter: 0) == 8)
        #expect(policy.delay(afterAttempt: 2, serverDelay: nil, jitter: 1) == 0.75)
        #expect(policy.delay(afterAttempt: 1, serverDelay: 30, jitter: 0) == 30)
        #expect(policy.delay(afterAttempt: 1, serverDelay: 500, jitter: 0) == 0.5, "over 120 s is ignored")
    }

    @Test("Retry-After: milliseconds, seconds and HTTP dates")
    func retryAfter() {
        #expect(RetryPolicy.serverDelay(retryAfterMs: "250", retryAfter: "9") == 0.25)
        #expect(RetryPolicy.serverDelay(retryAfterMs: nil, retryAfter: "7") == 7)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryPolicy.serverDelay(retryAfterMs: nil, retryAfter: "Tue, 14 Nov 2023 22:13:30 GMT", now: now) == 10)
        #expect(RetryPolicy.serverDelay(retryAfterMs: nil, retryAfter: "soon") == nil)
    }

    @Test("Which statuses are retried")
    func retryable() {
        #expect([408, 409, 429, 500, 502, 503, 504].allSatisfy(RetryPolicy.isRetryable(status:)))
        #expect(![400, 401, 403, 404, 422].contains(where: RetryPolicy.isRetryable(status:)))
    }

    @Test("SSE: fields, multi-line data, comments, CRLF and split chunks")
    func sse() {
        var parser = ServerSentEventParser()
        var events = parser.feed(Data(": comment\r\nevent: delta\r\ndata: a\r\ndata: b\r\n\r\ndata: {\"x\"".utf8))
        events += parser.feed(Data(": 1}\n\n".utf8))
        #expect(events == [ServerSentEvent(event: "delta", data: "a\nb"), ServerSentEvent(data: "{\"x\": 1}")])
        #expect(parser.feed(Data("data: cut".utf8)).isEmpty)
        #expect(parser.finish().isEmpty)
    }

    @Test("JSON schema checks", arguments: [
        (#"{"a": "xy"}"#, 0), (#"{"a": "x"}"#, 1), (#"{}"#, 1), (#"{"a": "xy", "b": 1}"#, 1), (#"[1]"#, 1), ("nope", 1),
    ])
    func schema(json: String, problems: Int) {
        let schema = #"{"type": "object", "required": ["a"], "additionalProperties": false, "properties": {"a": {"type": "string", "minLength": 2}}}"#
        #expect(JSONSchemaValidator.validate(json: json, schema: schema).count == problems)
    }

    @Test("Keys are scrubbed from server text")
    func redaction() {
        let redaction = Redaction(secrets: ["sk-live-abcdef0123456789"])
        #expect(redaction.scrub("Incorrect API key provided: sk-live-abcdef0123456789.") == "Incorrect API key provided: [redacted].")
        #expect(!redaction.scrub("key sk-live-***6789 and sk-live-a").contains("sk-live-abc"))
    }
}
