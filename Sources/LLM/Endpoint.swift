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
                let permit: RequestGate.Permit
                let outcome: Outcome
                // Its place among those in flight was let go as soon as its answer was in.
                var placeLetGo = false
                if endpoint.stream {
                    permit = try await gate.permit(for: cost, first: rateLimitedTimes > 0)
                    do {
                        try control?.beforeSending()
                    } catch {
                        gate.giveBack(permit)
                        throw error
                    }
                    do {
                        outcome = try await stream(request, decodeStream: decodeStream)
                    } catch {
                        gate.finish(permit, headers: RateLimitHeaders())
                        throw error
                    }
                } else {
                    let sent = try await sendWhenItsTurnComes(request, first: rateLimitedTimes > 0)
                    permit = sent.permit
                    placeLetGo = sent.placeLetGo
                    do {
                        outcome = try Self.outcome(sent.response.get(), decode: decode)
                    } catch {
                        if !placeLetGo { gate.finish(permit, headers: RateLimitHeaders()) }
                        throw error
                    }
                }
                switch outcome {
                case .answer(var value, let responseHeaders):
                    value.attempts = sends
                    // A key echoed in an answer never reaches a draft, the cache or a later prompt.
                    value.text = redaction.scrubSecrets(value.text)
                    control?.answered(value)
                    if placeLetGo {
                        gate.account(permit, usage: (value.usage.prompt, value.usage.completion))
                    } else {
                        gate.finish(permit, headers: RateLimitHeaders(responseHeaders), usage: (value.usage.prompt, value.usage.completion))
                        // The request the gate let go now sends before this job goes on to its checks.
                        await Task.yield()
                    }
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

    /// What came back of a request sent when its turn came.
    private struct Sent: Sendable {
        var permit: RequestGate.Permit
        var response: Result<HTTPResponse, any Error>
        var placeLetGo: Bool
    }

    /// Queues the request at the gate and sends it the moment its turn comes, from the thread
    /// that lets it go: mostly the transport's own, as the answer before it arrives. An answer
    /// in full (2xx) lets its place go right there, before the task that waits for it runs, so
    /// the next request goes out at once, whatever the two cores are busy with. (Before, the
    /// place was let go by the answered task and the next request sent by its own task: two
    /// trips through the task pool, behind the other jobs' checks; 0.960 of the endpoint's
    /// capacity, the asyncio peer's 0.960, `docent-bench --makespan-only`.) The answer is
    /// stored as soon as this task reads it: a run killed at any moment loses at most the
    /// answers of its jobs under way. Any other status lets the place go only when this task
    /// has read it: a 401 stops the run first, a 429 pauses the gate first.
    private func sendWhenItsTurnComes(_ request: HTTPRequest, first: Bool) async throws -> Sent {
        let gate = endpoint.gate
        let client = endpoint.client
        let control = self.control
        let cost = self.cost
        let waiter = gate.newWaiterID()
        let transfer = client.newTransferID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Sent, any Error>) in
                gate.enqueue(id: waiter, cost: cost, first: first, go: { permit in
                    do {
                        try control?.beforeSending()
                    } catch {
                        gate.giveBack(permit)
                        continuation.resume(throwing: error)
                        return
                    }
                    client.start(request, id: transfer) { result in
                        var placeLetGo = false
                        if case .success(let response) = result, (200..<300).contains(response.status) {
                            gate.finish(permit, headers: RateLimitHeaders(response.headers))
                            placeLetGo = true
                        }
                        continuation.resume(returning: Sent(permit: permit, response: result, placeLetGo: placeLetGo))
                    }
                }, refused: { continuation.resume(throwing: $0) })
            }
        } onCancel: {
            gate.leave(waiter)
            client.cancel(transfer)
        }
    }

    private static func outcome(_ response: HTTPResponse, decode: @Sendable (Data) throws -> ChatResponse) throws -> Outcome {
        guard (200..<300).contains(response.status) else {
            return .status(response.status, response.headers, response.body)
        }
        return .answer(try decode(response.body), response.headers)
    }

    private func stream(
        _ request: HTTPRequest,
        decodeStream: @Sendable (AsyncThrowingStream<ServerSentEvent, any Error>) async throws -> ChatResponse
    ) async throws -> Outcome {
        let response = try await endpoint.client.stream(request)
        guard (200..<300).contains(response.status) else {
            var data = Data()
            for try await chunk in response.body where data.count < 65_536 { data.append(chunk) }
            return .status(response.status, response.headers, data)
        }
        return .answer(try await decodeStream(response.events), response.headers)
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
