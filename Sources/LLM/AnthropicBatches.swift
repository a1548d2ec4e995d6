import Foundation
import HTTP
import Prose

/// Anthropic's Message Batches API.
package struct AnthropicBatches: ProviderBatches {
    let model: AnthropicChatModel
    package let maxRequests = 100_000
    package let maxBytes = 256 * 1024 * 1024

    package init(model: AnthropicChatModel) {
        self.model = model
    }

    var http: BatchHTTP {
        var headers: [(name: String, value: String)] = [("anthropic-version", AnthropicChatModel.apiVersion)]
        if let key = model.endpoint.apiKey { headers.append(("x-api-key", key)) }
        return BatchHTTP(endpoint: model.endpoint, headers: headers)
    }

    package func submit(_ items: [BatchItem]) async throws -> String {
        // Each request's params spliced from its body as the synchronous call sends it: no
        // decoding of each body to encode it again, one buffer the size of the batch.
        var body = Data(#"{"requests":["#.utf8)
        for (index, item) in items.enumerated() {
            if index > 0 { body += Data(",".utf8) }
            body += Data(#"{"custom_id":"#.utf8)
            body += try JSONEncoder.docentCompact.encode(item.customID)
            body += Data(#","params":"#.utf8)
            body += try model.body(item.request, stream: false)
            body += Data("}".utf8)
        }
        body += Data("]}".utf8)
        struct Created: Decodable { var id: String?; var type: String? }
        let answer = try await http.call(.post, "/messages/batches", body: body)
        // A base URL that points at the wrong path can answer 200 with something else: never
        // a batch to poll.
        guard let created = try? JSONDecoder().decode(Created.self, from: answer), created.type == "message_batch",
              let id = created.id, !id.isEmpty else {
            throw ChatError.invalidAnswer(http.endpoint.redaction.scrub(
                "the answer to creating a batch at \(http.endpoint.baseURL)/messages/batches is not a message batch (no \"type\": \"message_batch\" with an id)"))
        }
        return id
    }

    struct Batch: Decodable {
        struct Counts: Decodable {
            var processing: Int?
            var succeeded: Int?
            var errored: Int?
            var canceled: Int?
            var expired: Int?
        }
        var processing_status: String
        var request_counts: Counts?
        var results_url: String?
    }

    func batch(_ id: String) async throws -> Batch {
        let answer = try await http.call(.get, "/messages/batches/\(id)")
        guard let batch = try? JSONDecoder().decode(Batch.self, from: answer) else {
            throw ChatError.invalidAnswer(http.endpoint.redaction.scrub("the answer at \(http.endpoint.baseURL)/messages/batches/\(id) is not a message batch"))
        }
        return batch
    }

    package func progress(_ id: String) async throws -> BatchProgress {
        let batch = try await batch(id)
        let counts = batch.request_counts
        let failed = (counts?.errored ?? 0) + (counts?.canceled ?? 0) + (counts?.expired ?? 0)
        let done = counts?.succeeded ?? 0
        return BatchProgress(ended: batch.processing_status == "ended", status: batch.processing_status,
                             total: done + failed + (counts?.processing ?? 0), done: done, failed: failed)
    }

    struct ResultLine: Decodable {
        struct Outcome: Decodable {
            struct Failure: Decodable {
                struct Inner: Decodable {
                    var type: String?
                    var message: String?
                }
                var error: Inner?
            }
            var type: String
            var message: JSONValue?
            var error: Failure?
        }
        var custom_id: String
        var result: Outcome
    }

    package func results(_ id: String, expected: [String: BatchExpectation]) async throws -> [String: BatchItemResult] {
        // The results' address (`results_url`) is this path under the base URL.
        var results: [String: BatchItemResult] = [:]
        for line in BatchHTTP.lines(try await http.call(.get, "/messages/batches/\(id)/results")) {
            guard let parsed = try? JSONDecoder().decode(ResultLine.self, from: line) else { continue }
            results[parsed.custom_id] = Self.result(parsed.result, expected: expected[parsed.custom_id])
        }
        for customID in expected.keys.sorted() where results[customID] == nil {
            results[customID] = .retry("the batch ended without an answer")
        }
        return results
    }

    static func result(_ outcome: ResultLine.Outcome, expected: BatchExpectation?) -> BatchItemResult {
        switch outcome.type {
        case "succeeded":
            guard let message = outcome.message, let body = try? JSONEncoder.docentCompact.encode(message) else {
                return .retry("no answer in the result")
            }
            guard let expected else {
                return .unclaimed { expected in BatchItemResult(decoding: { try AnthropicChatModel.decode(body, expecting: expected) }) }
            }
            return BatchItemResult(decoding: { try AnthropicChatModel.decode(body, expecting: expected) })
        case "errored":
            let inner = outcome.error?.error
            let message = "\(inner?.type ?? "error"): \(inner?.message ?? "")"
            if inner?.type == "invalid_request_error" { return .failed(.rejected(status: 400, message: message)) }
            return .retry(message)
        default:
            return .retry(outcome.type)
        }
    }
}
