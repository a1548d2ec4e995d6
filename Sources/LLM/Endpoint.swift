import Foundation
import HTTP

/// Where and how to reach a remote model, shared by the providers.
package struct Endpoint: Sendable {
    package var baseURL: String
    package var model: String
    /// Never logged, never written: only sent in the provider's auth header.
    var apiKey: String?
    package var timeout: Duration
    package var retry: RetryPolicy
    package var concurrency: AdaptiveConcurrency
    package var rateLimiter: RateLimiter
    /// Stream answers as Server-Sent Events.
    package var stream: Bool
    package var client: HTTPClient

    package init(baseURL: String, model: String, apiKey: String?, timeout: Duration = .seconds(120),
                retry: RetryPolicy = RetryPolicy(), concurrency: AdaptiveConcurrency = AdaptiveConcurrency(limit: 8),
                rateLimiter: RateLimiter = RateLimiter(requestsPerMinute: nil, tokensPerMinute: nil),
                stream: Bool = false, client: HTTPClient) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.model = model
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        self.timeout = timeout
        self.retry = retry
        self.concurrency = concurrency
        self.rateLimiter = rateLimiter
        self.stream = stream
        self.client = client
    }

    var redaction: Redaction { Redaction(secrets: [apiKey]) }
}

/// Sends one logical request with the retry policy, the rate limiter and the concurrency
/// limit; decodes a 2xx answer, and turns everything else into a `ChatError`. After a 429 the
/// request waits the time the endpoint asks and goes again, without using up an attempt.
struct EndpointCall: Sendable {
    var endpoint: Endpoint
    var path: String
    var headers: [(name: String, value: String)]
    var body: Data
    var estimatedTokens: Int

    enum Outcome<T: Sendable>: Sendable {
        case answer(T)
        case status(Int, HTTPHeaders, Data)
    }

    /// `decode` reads a whole body; `decodeStream` reads Server-Sent Events (when streaming).
    func perform(
        decode: @Sendable (Data) throws -> ChatResponse,
        decodeStream: @Sendable (AsyncThrowingStream<ServerSentEvent, any Error>) async throws -> ChatResponse
    ) async throws -> ChatResponse {
        typealias T = ChatResponse
        let request = HTTPRequest(method: .post, url: endpoint.baseURL + path,
                                  headers: headers + [("Content-Type", "application/json"), ("Accept", endpoint.stream ? "text/event-stream" : "application/json")],
                                  body: body, timeout: endpoint.timeout)
        let redaction = endpoint.redaction
        var lastProblem = ""
        var onlyTransport = true
        let attempts = max(1, endpoint.retry.maxAttempts)
        var attempt = 0
        var sends = 0
        var rateLimitedWait = 0.0
        var rateLimitedTimes = 0
        while true {
            attempt += 1
            sends += 1
            var serverDelay: Double?
            do {
                try await endpoint.rateLimiter.acquire(tokens: estimatedTokens)
                let outcome: Outcome<T> = try await endpoint.concurrency.withPermit {
                    if endpoint.stream {
                        let response = try await endpoint.client.stream(request)
                        guard (200..<300).contains(response.status) else {
                            var data = Data()
                            for try await chunk in response.body where data.count < 65_536 { data.append(chunk) }
                            return .status(response.status, response.headers, data)
                        }
                        return .answer(try await decodeStream(response.events))
                    }
                    let response = try await endpoint.client.execute(request)
                    guard (200..<300).contains(response.status) else {
                        return .status(response.status, response.headers, response.body)
                    }
                    return .answer(try decode(response.body))
                }
                switch outcome {
                case .answer(var value):
                    endpoint.concurrency.recordSuccess()
                    value.attempts = sends
                    // A key echoed in an answer never reaches a draft, the cache or a later prompt.
                    value.text = redaction.scrubSecrets(value.text)
                    return value
                case .status(let status, let responseHeaders, let data):
                    onlyTransport = false
                    let message = redaction.scrub(Self.errorMessage(data))
                    if status == 401 || status == 403 {
                        throw ChatError.authentication("HTTP \(status): \(message)")
                    }
                    guard RetryPolicy.isRetryable(status: status) else {
                        throw ChatError.rejected(status: status, message: message)
                    }
                    lastProblem = "HTTP \(status): \(message)"
                    serverDelay = RetryPolicy.serverDelay(retryAfterMs: responseHeaders["retry-after-ms"],
                                                          retryAfter: responseHeaders["retry-after"])
                    if status == 429 {
                        // The endpoint's pace: this request waits as asked, fewer go out at
                        // once for a while, and this does not count as a failed attempt.
                        endpoint.concurrency.recordRateLimited()
                        rateLimitedTimes += 1
                        let seconds = endpoint.retry.delay(afterAttempt: min(rateLimitedTimes, 8), serverDelay: serverDelay)
                        rateLimitedWait += seconds
                        if rateLimitedWait > endpoint.retry.maxRateLimitWait {
                            throw ChatError.rateLimited(waitedSeconds: Int(rateLimitedWait), last: lastProblem)
                        }
                        attempt -= 1
                        try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                        continue
                    }
                }
            } catch let error as HTTPError {
                guard error.isTransient else { throw ChatError.unreachable(redaction.scrub(error.description)) }
                lastProblem = redaction.scrub(error.description)
            } catch ChatError.invalidAnswer(let why) {
                // A garbled 200 (an HTML error page from a proxy, an empty answer) is worth another try.
                onlyTransport = false
                lastProblem = "invalid answer: \(redaction.scrub(why))"
            }
            guard attempt < attempts else { break }
            let seconds = endpoint.retry.delay(afterAttempt: attempt, serverDelay: serverDelay)
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
        }
        if onlyTransport { throw ChatError.unreachable(lastProblem) }
        throw ChatError.exhausted(attempts: attempts, last: lastProblem)
    }

    /// The `error.message` of an OpenAI- or Anthropic-style error body, or the start of the body.
    static func errorMessage(_ data: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return message }
            if let message = object["error"] as? String { return message }
            if let message = object["message"] as? String { return message }
        }
        let text = String(decoding: data.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "(empty body)" : text
    }
}
