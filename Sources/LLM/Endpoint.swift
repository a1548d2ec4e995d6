import Foundation
import HTTP
import Logging

/// Where and how to reach a remote model, shared by the providers.
package struct Endpoint: Sendable {
    package var baseURL: String
    package var model: String
    /// Never logged, never written: only sent in the provider's auth header.
    var apiKey: String?
    package var timeout: Duration
    package var retry: RetryPolicy
    /// When requests go out: shared by every request to this endpoint in a run.
    package var gate: RequestGate
    /// Stream answers as Server-Sent Events.
    package var stream: Bool
    package var client: HTTPClient

    package init(baseURL: String, model: String, apiKey: String?, timeout: Duration = .seconds(120),
                retry: RetryPolicy = RetryPolicy(), gate: RequestGate = RequestGate(maxInFlight: 8),
                stream: Bool = false, client: HTTPClient) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.model = model
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        self.timeout = timeout
        self.retry = retry
        self.gate = gate
        self.stream = stream
        self.client = client
    }

    var redaction: Redaction { Redaction(secrets: [apiKey]) }
}

/// Sends one logical request: waits for the gate (`RequestGate`, which paces requests),
/// retries under the retry policy, decodes a 2xx answer, and turns everything else into a
/// `ChatError`. A 429 pauses the gate for as long as the endpoint asks, and the request goes
/// again first, without using up an attempt.
struct EndpointCall: Sendable {
    var endpoint: Endpoint
    var path: String
    var headers: [(name: String, value: String)]
    var body: Data
    var cost: RequestGate.Cost
    /// The run's part (`RunControl`), when a run sends it.
    var control: (any RunControl)?

    private enum Outcome: Sendable {
        case answer(ChatResponse, HTTPHeaders)
        case status(Int, HTTPHeaders, Data)
    }

    private static let logger = Logger(label: "docent.transport")

    /// `decode` reads a whole body; `decodeStream` reads Server-Sent Events (when streaming).
    func perform(
        decode: @Sendable (Data) throws -> ChatResponse,
        decodeStream: @Sendable (AsyncThrowingStream<ServerSentEvent, any Error>) async throws -> ChatResponse
    ) async throws -> ChatResponse {
        let request = HTTPRequest(method: .post, url: endpoint.baseURL + path,
                                  headers: headers + [("Content-Type", "application/json"), ("Accept", endpoint.stream ? "text/event-stream" : "application/json")],
                                  body: body, timeout: endpoint.timeout)
        let redaction = endpoint.redaction
        let gate = endpoint.gate
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
                let permit = try await gate.permit(for: cost, first: rateLimitedTimes > 0)
                do {
                    try control?.beforeSending()
                } catch {
                    gate.giveBack(permit)
                    throw error
                }
                let outcome: Outcome
                do {
                    outcome = try await send(request, decode: decode, decodeStream: decodeStream)
                } catch {
                    gate.finish(permit, headers: RateLimitHeaders())
                    throw error
                }
                switch outcome {
                case .answer(var value, let responseHeaders):
                    value.attempts = sends
                    // A key echoed in an answer never reaches a draft, the cache or a later prompt.
                    value.text = redaction.scrubSecrets(value.text)
                    // Stored before the next request may go out in this one's place.
                    control?.answered(value)
                    gate.finish(permit, headers: RateLimitHeaders(responseHeaders), usage: (value.usage.prompt, value.usage.completion))
                    // The request the gate let go now sends before this job goes on to its
                    // checks (on two cores: 0.957 → 0.963 makespan, docent-bench --makespan-only).
                    await Task.yield()
                    return value
                case .status(let status, let responseHeaders, let data):
                    onlyTransport = false
                    let message = redaction.scrub(Self.errorMessage(data))
                    lastProblem = "HTTP \(status): \(message)"
                    serverDelay = RetryPolicy.serverDelay(retryAfterMs: responseHeaders["retry-after-ms"],
                                                          retryAfter: responseHeaders["retry-after"])
                    guard status == 429 else {
                        if status == 401 || status == 403 {
                            // The run stops before this request's place frees: no waiting
                            // request goes out with the rejected key after it.
                            let error = ChatError.authentication(lastProblem)
                            control?.stopping(error)
                            gate.finish(permit, headers: RateLimitHeaders(responseHeaders))
                            throw error
                        }
                        gate.finish(permit, headers: RateLimitHeaders(responseHeaders))
                        guard RetryPolicy.isRetryable(status: status) else { throw ChatError.rejected(status: status, message: message) }
                        break
                    }
                    // The endpoint's pace: every request waits as asked (the gate pauses),
                    // then this one goes first; it does not count as a failed attempt.
                    rateLimitedTimes += 1
                    let seconds = endpoint.retry.delay(afterAttempt: min(rateLimitedTimes, 8), serverDelay: serverDelay)
                    gate.finish(permit, headers: RateLimitHeaders(responseHeaders), retryAfter: seconds)
                    rateLimitedWait += seconds
                    if rateLimitedWait > endpoint.retry.maxRateLimitWait {
                        throw ChatError.rateLimited(waitedSeconds: Int(rateLimitedWait), last: lastProblem)
                    }
                    attempt -= 1
                    continue
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
            Self.logger.debug("attempt \(attempt) of \(attempts) failed (\(lastProblem)); again in \(RequestGate.format(seconds)) s")
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
        }
        if onlyTransport { throw ChatError.unreachable(lastProblem) }
        throw ChatError.exhausted(attempts: attempts, last: lastProblem)
    }

    private func send(
        _ request: HTTPRequest,
        decode: @Sendable (Data) throws -> ChatResponse,
        decodeStream: @Sendable (AsyncThrowingStream<ServerSentEvent, any Error>) async throws -> ChatResponse
    ) async throws -> Outcome {
        if endpoint.stream {
            let response = try await endpoint.client.stream(request)
            guard (200..<300).contains(response.status) else {
                var data = Data()
                for try await chunk in response.body where data.count < 65_536 { data.append(chunk) }
                return .status(response.status, response.headers, data)
            }
            return .answer(try await decodeStream(response.events), response.headers)
        }
        let response = try await endpoint.client.execute(request)
        guard (200..<300).contains(response.status) else {
            return .status(response.status, response.headers, response.body)
        }
        return .answer(try decode(response.body), response.headers)
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
