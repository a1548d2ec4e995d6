import Domain
import Foundation
import LLM
import Review

/// The `inputs` hash of a job: everything that shapes its answer. The request's messages
/// already hold the record's fields, templates, style guide, editor's note and upstream text;
/// the model and its parameters are added. Equal hashes mean the answer would be the same job.
enum InputsHash {
    /// Bumped when Docent changes what it writes for the same inputs.
    static let formatVersion = 1

    static func of(_ request: ChatRequest, model: ModelDescriptor) -> String {
        struct Canonical: Encodable {
            var format: Int
            var provider: String
            var model: String
            var temperature: Double?
            var maxTokens: Int?
            var schema: String?
            var messages: [ChatMessage]
        }
        let canonical = Canonical(format: formatVersion, provider: model.provider.rawValue, model: model.model,
                                  temperature: request.temperature, maxTokens: request.maxTokens,
                                  schema: request.jsonSchema, messages: request.messages)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return ContentHash.of((try? encoder.encode(canonical)) ?? Data())
    }
}
