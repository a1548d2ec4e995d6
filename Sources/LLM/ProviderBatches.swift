import Foundation
import HTTP
import Prose

/// A provider's Batch API: many requests sent as one job, answered within a day at half the
/// price. OpenAI: a JSONL file uploaded to `/files` (purpose `batch`), a batch made from it at
/// `/batches`, polled, its output and error files downloaded. Anthropic: `/messages/batches`
/// with the requests inline, polled, its results streamed as JSONL.
package protocol ProviderBatches: Sendable {
    /// The provider's size limits for one batch.
    var maxRequests: Int { get }
    var maxBytes: Int { get }

    /// Sends `items` as one batch; returns the provider's batch id.
    func submit(_ items: [BatchItem]) async throws -> String

    /// Where the batch stands.
    func progress(_ id: String) async throws -> BatchProgress

    /// The answers of an ended batch, by custom id; `expected` says, by custom id, what each
    /// answer must be (to check it against its schema). An answer whose custom id is not there
    /// is `unclaimed`, read when a job asks for it.
    func results(_ id: String, expected: [String: BatchExpectation]) async throws -> [String: BatchItemResult]
}

/// What an answer in a batch's results is checked against: the request's JSON schema, and its
/// prompt's size for the rare answer that comes without usage. Small, so that a run with
/// hundreds of thousands of requests in batches keeps this, not the requests.
package struct BatchExpectation: Sendable {
    package var jsonSchema: String?
    package var promptTokens: Int

    package init(_ request: ChatRequest) {
        jsonSchema = request.jsonSchema
        promptTokens = TokenEstimate.count(request.messages)
    }
}

/// One request of a batch: `customID` names it in the results.
package struct BatchItem: Sendable {
    package var customID: String
    package var request: ChatRequest

    package init(customID: String, request: ChatRequest) {
        self.customID = customID
        self.request = request
    }
}

package struct BatchProgress: Sendable, Equatable {
    /// The provider is done with it (completed, failed, expired or cancelled): results can be read.
    package var ended: Bool
    package var status: String
    package var total: Int
    package var done: Int
    package var failed: Int

    package init(ended: Bool, status: String, total: Int, done: Int, failed: Int) {
        self.ended = ended
        self.status = status
        self.total = total
        self.done = done
        self.failed = failed
    }
}

/// What became of one request of a batch.
package enum BatchItemResult: Sendable {
    case answer(ChatResponse)
    /// Expired, cancelled, or failed in a way worth sending again (5xx, 429): sent again
    /// synchronously.
    case retry(String)
    /// Failed for good (the request itself was refused, or the answer was unusable).
    case failed(ChatError)
    /// An answer to a request the run has not asked for (yet): read once it does. A batch of
    /// an earlier run can end before all of this run's jobs have come to the request it holds.
    case unclaimed(@Sendable (BatchExpectation) -> BatchItemResult)
}

extension BatchItemResult {
    /// An answer read from a batch's results, or why it cannot be used.
    init(decoding decode: () throws -> ChatResponse) {
        do {
            self = .answer(try decode())
        } catch let error as ChatError {
            self = .failed(error)
        } catch {
            self = .failed(.invalidAnswer("\(error)"))
        }
    }
}

/// The HTTP calls the batch APIs need, with the endpoint's key and retries for transient errors.
struct BatchHTTP: Sendable {
    var endpoint: Endpoint
    var headers: [(name: String, value: String)]

    func call(_ method: HTTPRequest.Method, _ path: String, body: Data? = nil, contentType: String = "application/json") async throws -> Data {
        let url = path.hasPrefix("http") ? path : endpoint.baseURL + path
        var requestHeaders = headers
        if body != nil { requestHeaders.append(("Content-Type", contentType)) }
        let request = HTTPRequest(method: method, url: url, headers: requestHeaders, body: body, timeout: endpoint.timeout,
                                  maxResponseBytes: 512 * 1024 * 1024)
        let redaction = endpoint.redaction
        var attempt = 0
        while true {
            attempt += 1
            do {
                let response = try await endpoint.client.execute(request)
                if (200..<300).contains(response.status) { return response.body }
                let message = redaction.scrub(EndpointCall.errorMessage(response.body))
                if response.status == 401 || response.status == 403 { throw ChatError.authentication("HTTP \(response.status): \(message)") }
                guard RetryPolicy.isRetryable(status: response.status), attempt < endpoint.retry.maxAttempts else {
                    // The URL is named (a base URL pointing at the wrong place), scrubbed like the message.
                    throw ChatError.rejected(status: response.status, message: redaction.scrub("\(url): \(message)"))
                }
                let delay = RetryPolicy.serverDelay(retryAfterMs: response.headers["retry-after-ms"], retryAfter: response.headers["retry-after"])
                try await Task.sleep(for: .milliseconds(Int(endpoint.retry.delay(afterAttempt: attempt, serverDelay: delay) * 1000)))
            } catch let error as HTTPError {
                guard error.isTransient, attempt < endpoint.retry.maxAttempts else {
                    throw ChatError.unreachable(redaction.scrub(error.description))
                }
                try await Task.sleep(for: .milliseconds(Int(endpoint.retry.delay(afterAttempt: attempt, serverDelay: nil) * 1000)))
            }
        }
    }

    /// JSON lines, skipping blank ones: slices of `data`, not copies (a results file of a large
    /// batch is tens of megabytes).
    static func lines(_ data: Data) -> [Data] {
        data.split(separator: UInt8(ascii: "\n")).filter { !$0.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") } }
    }
}
