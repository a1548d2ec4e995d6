import Foundation
import HTTP
import Prose

/// Anthropic's Messages API. Structured output is prompted and validated against the schema.
package final class AnthropicChatModel: ChatModel {
    package static let apiVersion = "2023-06-01"
    package let descriptor: ModelDescriptor
    let endpoint: Endpoint
    package var gate: RequestGate? { endpoint.gate }

    package init(endpoint: Endpoint) {
        self.endpoint = endpoint
        descriptor = ModelDescriptor(provider: "anthropic", model: endpoint.model)
    }

    struct Body: Encodable {
        struct Message: Encodable {
            var role: String
            var content: String
        }
        var model: String
        var max_tokens: Int
        var system: String?
        var messages: [Message]
        var temperature: Double?
        var stream: Bool
    }

    struct Answer: Decodable {
        struct Block: Decodable {
            var type: String
            var text: String?
        }
        struct Usage: Decodable {
            var input_tokens: Int?
            var output_tokens: Int?
        }
        var content: [Block]?
        var stop_reason: String?
        var usage: Usage?
    }

    struct StreamEvent: Decodable {
        struct Delta: Decodable {
            var type: String?
            var text: String?
            var stop_reason: String?
        }
        struct Message: Decodable {
            var usage: Answer.Usage?
        }
        struct ErrorInfo: Decodable {
            var message: String?
        }
        var type: String
        var delta: Delta?
        var message: Message?
        var usage: Answer.Usage?
        var error: ErrorInfo?
    }

    package func complete(_ request: ChatRequest) async throws -> ChatResponse {
        var system = request.messages.filter { $0.role == .system }.map(\.content)
        if let schema = request.jsonSchema { system.append(StructuredOutput.instruction(schema: schema)) }
        let messages = request.messages.filter { $0.role != .system }.map { Body.Message(role: $0.role.rawValue, content: $0.content) }
        let body = Body(model: endpoint.model, max_tokens: request.maxTokens ?? 1500,
                        system: system.isEmpty ? nil : system.joined(separator: "\n\n"), messages: messages,
                        temperature: request.temperature, stream: endpoint.stream)
        var headers: [(name: String, value: String)] = [("anthropic-version", Self.apiVersion)]
        if let key = endpoint.apiKey { headers.append(("x-api-key", key)) }
        let call = EndpointCall(endpoint: endpoint, path: "/messages", headers: headers, body: try JSONEncoder().encode(body),
                                cost: RequestGate.Cost(promptTokens: TokenEstimate.count(request.messages), maxTokens: request.maxTokens ?? 1500),
                                beforeSending: request.beforeSending)
        let schema = request.jsonSchema
        let requestMessages = request.messages
        return try await call.perform(decode: { data in
            guard let answer = try? JSONDecoder().decode(Answer.self, from: data), let content = answer.content else {
                throw ChatError.invalidAnswer("the body is not a message: \(EndpointCall.errorMessage(data))")
            }
            let text = content.filter { $0.type == "text" }.compactMap(\.text).joined()
            return try Self.response(text: text, stop: answer.stop_reason, input: answer.usage?.input_tokens,
                                     output: answer.usage?.output_tokens, schema: schema, messages: requestMessages)
        }, decodeStream: { events in
            var text = ""
            var stop: String?
            var input: Int?
            var output: Int?
            for try await event in events {
                guard let parsed = try? JSONDecoder().decode(StreamEvent.self, from: Data(event.data.utf8)) else { continue }
                switch parsed.type {
                case "message_start": input = parsed.message?.usage?.input_tokens
                case "content_block_delta": text += parsed.delta?.text ?? ""
                case "message_delta":
                    stop = parsed.delta?.stop_reason ?? stop
                    output = parsed.usage?.output_tokens ?? output
                case "error": throw ChatError.invalidAnswer("stream error: \(parsed.error?.message ?? "unknown")")
                default: break
                }
            }
            return try Self.response(text: text, stop: stop, input: input, output: output, schema: schema, messages: requestMessages)
        })
    }

    static func response(text: String, stop: String?, input: Int?, output: Int?, schema: String?, messages: [ChatMessage]) throws -> ChatResponse {
        if stop == "max_tokens" { throw ChatError.truncated }
        let trimmed = UTF8Text.trimmed(text)
        if trimmed.isEmpty { throw ChatError.invalidAnswer("the answer is empty") }
        if let schema { try StructuredOutput.check(trimmed, schema: schema) }
        return ChatResponse(text: trimmed, finishReason: stop == "refusal" ? .contentFilter : .stop, usage: TokenUsage(
            prompt: input ?? TokenEstimate.count(messages), completion: output ?? TokenEstimate.count(text)))
    }
}
