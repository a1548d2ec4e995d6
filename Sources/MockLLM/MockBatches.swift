import Foundation
import Synchronization

/// How the mock's Batch APIs behave.
package struct MockBatchConfig: Sendable {
    /// How long a batch takes before it ends.
    package var delayMilliseconds: Int
    /// The first N requests of each batch (by custom id) fail with a server error.
    package var errors: Int
    /// When set, only the first N requests of each batch are answered; the batch expires.
    package var expireAfter: Int?
    /// Creating a batch answers 200 with something that is not a batch (a file object), as a
    /// base URL pointing at the wrong path might.
    package var notABatch = false

    package init(delayMilliseconds: Int = 200, errors: Int = 0, expireAfter: Int? = nil) {
        self.delayMilliseconds = delayMilliseconds
        self.errors = errors
        self.expireAfter = expireAfter
    }
}

/// The OpenAI Batch API (`/v1/files`, `/v1/batches`, `/v1/files/{id}/content`) and the
/// Anthropic Message Batches API (`/v1/messages/batches`, `…/{id}`, `…/{id}/results`), as the
/// mock serves them. A batch ends `delayMilliseconds` after it was created; its answers are
/// the same as the synchronous endpoints give, and every item counts as a request in
/// `/mock/stats` (so that a request paid twice shows as `repeated`).
enum MockBatches {
    struct Answer {
        var status: Int
        var body: String
        var contentType = "application/json"
    }

    struct Batch {
        var api: MockHandler.API
        /// Custom id → request body, in custom-id order.
        var items: [(customID: String, body: [String: Any])]
        var created: ContinuousClock.Instant
        /// Filled when it ends: the result lines (OpenAI: output and error files).
        var output: String?
        var errors: String?
        var status = "in_progress"
        var succeeded = 0
        var failed = 0
    }

    final class Store: @unchecked Sendable {
        // Guarded by `lock`.
        var files: [String: String] = [:]
        var batches: [String: Batch] = [:]
        var next = 0
        let lock = NSLock()
    }

    static let store = Store()

    static func route(method: String, path: String, body: String, contentType: String, state: MockState) -> Answer? {
        let parts = path.split(separator: "/").map(String.init)
        guard let v1 = parts.firstIndex(of: "v1") else { return nil }
        let rest = Array(parts[(v1 + 1)...])
        store.lock.lock()
        defer { store.lock.unlock() }
        switch (method, rest.count, rest.first) {
        case ("POST", 1, "files"):
            guard let file = multipartFile(body, contentType: contentType) else {
                return Answer(status: 400, body: #"{"error": {"message": "no file part", "type": "invalid_request_error"}}"#)
            }
            let id = newID("file")
            store.files[id] = file
            return Answer(status: 200, body: #"{"id": "\#(id)", "object": "file", "purpose": "batch"}"#)
        case ("GET", 3, "files") where rest[2] == "content":
            guard let file = store.files[rest[1]] else { return notFound }
            return Answer(status: 200, body: file, contentType: "application/jsonl")
        case ("POST", 1, "batches") where state.config.batches.notABatch,
             ("POST", 2, "messages") where rest[1] == "batches" && state.config.batches.notABatch:
            return Answer(status: 200, body: #"{"id": "file-not-a-batch", "object": "file", "purpose": "batch"}"#)
        case ("POST", 1, "batches"):
            guard let request = json(body), let fileID = request["input_file_id"] as? String, let file = store.files[fileID] else {
                return Answer(status: 400, body: #"{"error": {"message": "unknown input_file_id", "type": "invalid_request_error"}}"#)
            }
            let items = file.split(separator: "\n").compactMap { line -> (String, [String: Any])? in
                guard let object = json(String(line)), let id = object["custom_id"] as? String, let body = object["body"] as? [String: Any] else { return nil }
                return (id, body)
            }
            let id = newID("batch")
            store.batches[id] = Batch(api: .openAI, items: items.sorted { $0.0 < $1.0 }, created: .now)
            return Answer(status: 200, body: openAIBatch(id, store.batches[id]!))
        case ("GET", 2, "batches"):
            guard var batch = store.batches[rest[1]] else { return notFound }
            finish(&batch, id: rest[1], state: state)
            store.batches[rest[1]] = batch
            return Answer(status: 200, body: openAIBatch(rest[1], batch))
        case ("POST", 2, "messages") where rest[1] == "batches":
            guard let request = json(body), let requests = request["requests"] as? [[String: Any]] else {
                return Answer(status: 400, body: #"{"type": "error", "error": {"type": "invalid_request_error", "message": "requests expected"}}"#)
            }
            let items = requests.compactMap { item -> (String, [String: Any])? in
                guard let id = item["custom_id"] as? String, let params = item["params"] as? [String: Any] else { return nil }
                return (id, params)
            }
            let id = newID("msgbatch")
            store.batches[id] = Batch(api: .anthropic, items: items.sorted { $0.0 < $1.0 }, created: .now)
            return Answer(status: 200, body: anthropicBatch(id, store.batches[id]!))
        case ("GET", 3, "messages") where rest[1] == "batches":
            guard var batch = store.batches[rest[2]] else { return notFound }
            finish(&batch, id: rest[2], state: state)
            store.batches[rest[2]] = batch
            return Answer(status: 200, body: anthropicBatch(rest[2], batch))
        case ("GET", 4, "messages") where rest[1] == "batches" && rest[3] == "results":
            guard let batch = store.batches[rest[2]], let output = batch.output else { return notFound }
            return Answer(status: 200, body: output, contentType: "application/jsonl")
        default:
            return nil
        }
    }

    static let notFound = Answer(status: 404, body: #"{"error": {"message": "no such batch or file", "type": "not_found"}}"#)

    static func newID(_ prefix: String) -> String {
        store.next += 1
        return "\(prefix)_mock\(store.next)"
    }

    static func json(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    /// The `file` part of a multipart/form-data body.
    static func multipartFile(_ body: String, contentType: String) -> String? {
        guard let range = contentType.range(of: "boundary=") else { return nil }
        let boundary = "--" + contentType[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        for part in body.components(separatedBy: boundary) where part.contains("name=\"file\"") {
            guard let start = part.range(of: "\r\n\r\n") else { return nil }
            var content = String(part[start.upperBound...])
            if content.hasSuffix("\r\n") { content.removeLast(2) }
            return content
        }
        return nil
    }

    /// Ends the batch once its time is up: every item answered, errored or expired.
    static func finish(_ batch: inout Batch, id: String, state: MockState) {
        guard batch.output == nil,
              state.batchesMayEnd || batch.created.duration(to: .now) >= .milliseconds(state.config.batches.delayMilliseconds) else { return }
        let config = state.config.batches
        var output: [String] = []
        var errors: [String] = []
        for (index, item) in batch.items.enumerated() {
            let bodyText = String(decoding: (try? JSONSerialization.data(withJSONObject: item.body, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
            if let limit = config.expireAfter, index >= limit {
                batch.failed += 1
                switch batch.api {
                case .openAI:
                    errors.append(#"{"custom_id": \#(MockHandler.quoted(item.customID)), "response": null, "error": {"code": "batch_expired", "message": "This request could not be executed before the completion window expired."}}"#)
                case .anthropic:
                    output.append(#"{"custom_id": \#(MockHandler.quoted(item.customID)), "result": {"type": "expired"}}"#)
                }
                continue
            }
            // Answered or errored: the provider did the work, so it counts as a request.
            _ = state.admit(body: bodyText, forcedFault: nil)
            if index < config.errors {
                batch.failed += 1
                switch batch.api {
                case .openAI:
                    errors.append(#"{"custom_id": \#(MockHandler.quoted(item.customID)), "response": {"status_code": 500, "body": {"error": {"message": "The server had an error (mock).", "type": "server_error"}}}, "error": null}"#)
                case .anthropic:
                    output.append(#"{"custom_id": \#(MockHandler.quoted(item.customID)), "result": {"type": "errored", "error": {"type": "error", "error": {"type": "api_error", "message": "Internal server error (mock)."}}}}"#)
                }
                continue
            }
            do {
                state.countImages(try MockImages.check(item.body, api: batch.api))
            } catch {
                // As the providers do: the item errors, the others are answered.
                batch.failed += 1
                let message = MockHandler.quoted("Invalid image: \(error.message)")
                switch batch.api {
                case .openAI:
                    errors.append(#"{"custom_id": \#(MockHandler.quoted(item.customID)), "response": {"status_code": 400, "body": {"error": {"message": \#(message), "type": "invalid_request_error"}}}, "error": null}"#)
                case .anthropic:
                    output.append(#"{"custom_id": \#(MockHandler.quoted(item.customID)), "result": {"type": "errored", "error": {"type": "error", "error": {"type": "invalid_request_error", "message": \#(message)}}}}"#)
                }
                continue
            }
            batch.succeeded += 1
            let content = MockHandler.content(of: item.body, fault: nil)
            let answer = MockHandler.responseJSON(api: batch.api, content: content, cutOff: false)
            switch batch.api {
            case .openAI:
                output.append(#"{"custom_id": \#(MockHandler.quoted(item.customID)), "error": null, "id": "batch_req_\#(index)", "response": {"body": \#(answer), "request_id": "req_\#(index)", "status_code": 200}}"#)
            case .anthropic:
                output.append(#"{"custom_id": \#(MockHandler.quoted(item.customID)), "result": {"message": \#(answer), "type": "succeeded"}}"#)
            }
        }
        batch.output = output.joined(separator: "\n") + (output.isEmpty ? "" : "\n")
        batch.errors = errors.joined(separator: "\n") + (errors.isEmpty ? "" : "\n")
        batch.status = config.expireAfter.map { $0 < batch.items.count } == true ? "expired" : "completed"
        if batch.api == .openAI {
            store.files["\(id)-output"] = batch.output
            store.files["\(id)-errors"] = batch.errors
        }
        state.countBatch(items: batch.items.count)
    }

    static func openAIBatch(_ id: String, _ batch: Batch) -> String {
        let ended = batch.output != nil
        let files = ended ? #""output_file_id": "\#(id)-output", "error_file_id": "\#(id)-errors", "# : ""
        return #"{"id": "\#(id)", "object": "batch", "endpoint": "/v1/chat/completions", "status": "\#(batch.status)", \#(files)"#
            + #""request_counts": {"total": \#(batch.items.count), "completed": \#(batch.succeeded), "failed": \#(batch.failed)}}"#
    }

    static func anthropicBatch(_ id: String, _ batch: Batch) -> String {
        let ended = batch.output != nil
        let count = { (type: String) in (batch.output ?? "").components(separatedBy: #""type": "\#(type)""#).count - 1 }
        return #"{"id": "\#(id)", "type": "message_batch", "processing_status": "\#(ended ? "ended" : "in_progress")", "#
            + #""request_counts": {"processing": \#(ended ? 0 : batch.items.count), "succeeded": \#(batch.succeeded), "#
            + #""errored": \#(count("errored")), "canceled": 0, "expired": \#(count("expired"))}, "#
            + #""results_url": \#(ended ? "\"/v1/messages/batches/\(id)/results\"" : "null")}"#
    }
}
