import Foundation
import HTTP
import Prose

/// OpenAI's Batch API (also served by Azure OpenAI and several OpenAI-compatible servers).
package struct OpenAIBatches: ProviderBatches {
    let model: OpenAIChatModel
    package let maxRequests = 50_000
    package let maxBytes = 200 * 1024 * 1024

    package init(model: OpenAIChatModel) {
        self.model = model
    }

    var http: BatchHTTP {
        BatchHTTP(endpoint: model.endpoint, headers: model.endpoint.apiKey.map { [("Authorization", "Bearer \($0)")] } ?? [])
    }

    package func submit(_ items: [BatchItem]) async throws -> String {
        // The upload is written straight into the form, each line spliced from the request's
        // body as the synchronous call sends it: one buffer the size of the file, not three
        // (file, text, form), and no decoding of each body to encode it again. At the 27,000
        // translations of 1,000 artworks × 9 audiences that is about 160 MB less at the peak.
        let boundary = "docent-batch-" + String(StableHash.of(items.map(\.customID).joined(separator: "\n")), radix: 16)
        var form = Data()
        form += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n".utf8)
        form += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"batch.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n".utf8)
        for item in items {
            form += Data(#"{"custom_id":"#.utf8)
            form += try JSONEncoder.docentCompact.encode(item.customID)
            form += Data(#","method":"POST","url":"/v1/chat/completions","body":"#.utf8)
            form += try model.body(item.request, mode: .jsonSchema, stream: false)
            form += Data("}\n".utf8)
        }
        form += Data("\r\n--\(boundary)--\r\n".utf8)
        struct Uploaded: Decodable { var id: String }
        let uploaded = try JSONDecoder().decode(Uploaded.self, from: try await http.call(.post, "/files", body: form,
                                                                                      contentType: "multipart/form-data; boundary=\(boundary)"))
        struct Create: Encodable {
            var input_file_id: String
            var endpoint = "/v1/chat/completions"
            var completion_window = "24h"
        }
        struct Created: Decodable { var id: String?; var object: String? }
        let answer = try await http.call(.post, "/batches", body: try JSONEncoder.docentCompact.encode(Create(input_file_id: uploaded.id)))
        // A base URL that points at the wrong path can answer 200 with something else: never
        // a batch to poll.
        guard let created = try? JSONDecoder().decode(Created.self, from: answer), created.object == "batch", let id = created.id, !id.isEmpty else {
            throw ChatError.invalidAnswer(http.endpoint.redaction.scrub(
                "the answer to creating a batch at \(http.endpoint.baseURL)/batches is not a batch object (no \"object\": \"batch\" with an id)"))
        }
        return id
    }

    struct Batch: Decodable {
        struct Counts: Decodable {
            var total: Int?
            var completed: Int?
            var failed: Int?
        }
        var status: String
        var output_file_id: String?
        var error_file_id: String?
        var request_counts: Counts?
    }

    func batch(_ id: String) async throws -> Batch {
        let answer = try await http.call(.get, "/batches/\(id)")
        guard let batch = try? JSONDecoder().decode(Batch.self, from: answer) else {
            throw ChatError.invalidAnswer(http.endpoint.redaction.scrub("the answer at \(http.endpoint.baseURL)/batches/\(id) is not a batch object"))
        }
        return batch
    }

    package func progress(_ id: String) async throws -> BatchProgress {
        let batch = try await batch(id)
        let ended = ["completed", "failed", "expired", "cancelled"].contains(batch.status)
        return BatchProgress(ended: ended, status: batch.status, total: batch.request_counts?.total ?? 0,
                             done: batch.request_counts?.completed ?? 0, failed: batch.request_counts?.failed ?? 0)
    }

    struct ResultLine: Decodable {
        struct Response: Decodable {
            /// A chat completion, or an error's body: read once, as it is (no generic JSON
            /// tree re-encoded and read again: that was a tenth of a batch run's CPU).
            struct Body: Decodable {
                struct Failure: Decodable {
                    var message: String?
                }
                var answer: OpenAIChatModel.Answer
                var error: Failure?
                var message: String?

                init(from decoder: any Decoder) throws {
                    answer = try OpenAIChatModel.Answer(from: decoder)
                    let fields = try decoder.container(keyedBy: Keys.self)
                    error = try? fields.decodeIfPresent(Failure.self, forKey: .error)
                    message = (try? fields.decodeIfPresent(String.self, forKey: .error)) ?? (try? fields.decodeIfPresent(String.self, forKey: .message))
                }

                enum Keys: String, CodingKey { case error, message }

                /// What an error body says, as `EndpointCall.errorMessage` reads it.
                var errorMessage: String { error?.message ?? message ?? "(no message)" }
            }
            var status_code: Int
            var body: Body?
        }
        struct Failure: Decodable {
            var code: String?
            var message: String?
        }
        var custom_id: String
        var response: Response?
        var error: Failure?
    }

    package func results(_ id: String, expected: [String: BatchExpectation]) async throws -> [String: BatchItemResult] {
        let batch = try await batch(id)
        var results: [String: BatchItemResult] = [:]
        for file in [batch.output_file_id, batch.error_file_id].compactMap({ $0 }) {
            for line in BatchHTTP.lines(try await http.call(.get, "/files/\(file)/content")) {
                guard let parsed = try? JSONDecoder().decode(ResultLine.self, from: line) else { continue }
                results[parsed.custom_id] = Self.result(parsed, expected: expected[parsed.custom_id])
            }
        }
        // Requests the files do not mention (a failed or expired batch): sent again.
        for customID in expected.keys.sorted() where results[customID] == nil {
            results[customID] = .retry("the batch ended \(batch.status) without an answer")
        }
        return results
    }

    static func result(_ line: ResultLine, expected: BatchExpectation?) -> BatchItemResult {
        if let error = line.error {
            return .retry("\(error.code ?? "error"): \(error.message ?? "")")
        }
        guard let response = line.response else { return .retry("no response") }
        guard (200..<300).contains(response.status_code) else {
            let message = response.body?.errorMessage ?? "(empty body)"
            if RetryPolicy.isRetryable(status: response.status_code) { return .retry("HTTP \(response.status_code): \(message)") }
            return .failed(.rejected(status: response.status_code, message: message))
        }
        let answer = response.body?.answer
        guard let expected else {
            return .unclaimed { expected in BatchItemResult(decoding: { try OpenAIChatModel.decode(answer, expecting: expected) }) }
        }
        return BatchItemResult(decoding: { try OpenAIChatModel.decode(answer, expecting: expected) })
    }
}
