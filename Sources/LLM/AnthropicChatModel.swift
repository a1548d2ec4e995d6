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
        descriptor = ModelDescriptor(provider: .anthropic, model: endpoint.model)
    }

    struct Body: Encodable {
        /// A message: its text, or (with images) its blocks: each image first (as Anthropic
        /// advises), as a `url` source or `base64` bytes, then the text.
        struct Message: Encodable {
            var role: String
            var content: String
            var images: [ChatImage]?

            struct Block: Encodable {
                struct Source: Encodable {
                    var type: String
                    var media_type: String?
                    var data: String?
                    var url: String?
                }
                var type: String
                var text: String?
                var source: Source?
            }
            enum CodingKeys: String, CodingKey { case role, content }

            func encode(to encoder: any Encoder) throws {
                var values = encoder.container(keyedBy: CodingKeys.self)
                try values.encode(role, forKey: .role)
                if let images, !images.isEmpty {
                    let blocks = try images.map { image -> Block in
                        if case .url(let url) = image.source { return Block(type: "image", source: .init(type: "url", url: url)) }
                        let (data, mediaType) = try image.bytes() ?? (Data(), "")
                        return Block(type: "image", source: .init(type: "base64", media_type: mediaType, data: data.base64EncodedString()))
                    } + [Block(type: "text", text: content)]
                    try values.encode(blocks, forKey: .content)
                } else {
                    try values.encode(content, forKey: .content)
                }
            }
        }
        /// A block of the system prompt; the last one ends the prompt's stable prefix and
        /// carries the cache breakpoint (`cache_control`), so that Anthropic caches it.
        struct SystemBlock: Encodable {
            struct CacheControl: Encodable {
                var type = "ephemeral"
            }
            var type = "text"
            var text: String
            var cache_control: CacheControl?
        }
        var model: String
        var max_tokens: Int
        var system: [SystemBlock]?
        var messages: [Message]
        var temperature: Double?
        var stream: Bool
    }

    struct Answer: Decodable {
        struct Block: Decodable {
            var type: String
            var text: String?
        }
        /// `input_tokens` are the prompt tokens neither read from nor written to the cache.
        struct Usage: Decodable {
            var input_tokens: Int?
            var output_tokens: Int?
            var cache_read_input_tokens: Int?
            var cache_creation_input_tokens: Int?
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

    /// The JSON body of a Messages request.
    func body(_ request: ChatRequest, stream: Bool) throws -> Data {
        var system = request.messages.filter { $0.role == .system }.map(\.content)
        if let schema = request.jsonSchema { system.append(StructuredOutput.instruction(schema: schema)) }
        let messages = request.messages.filter { $0.role != .system }.map { Body.Message(role: $0.role.rawValue, content: $0.content, images: $0.images) }
        // Docent's prompts put what all artworks of an audience and language share (rules,
        // house style, style guide, exemplars) in the system text, and the record after it.
        let blocks = system.enumerated().map { index, text in
            Body.SystemBlock(text: text, cache_control: index == system.count - 1 ? .init() : nil)
        }
        let body = Body(model: endpoint.model, max_tokens: request.maxTokens ?? 1500,
                        system: blocks.isEmpty ? nil : blocks, messages: messages,
                        temperature: request.temperature, stream: stream)
        return try JSONEncoder.docentCompact.encode(body)
    }

    /// A message's answer to `request`, from its JSON body.
    static func decode(_ data: Data, for request: ChatRequest) throws -> ChatResponse {
        try decode(data, schema: request.jsonSchema, promptEstimate: { TokenEstimate.count(request.messages, provider: .anthropic) })
    }

    /// A batch's answer, checked against what its request expected.
    static func decode(_ data: Data, expecting expected: BatchExpectation) throws -> ChatResponse {
        try decode(data, schema: expected.jsonSchema, promptEstimate: { expected.promptTokens })
    }

    private static func decode(_ data: Data, schema: String?, promptEstimate: () -> Int) throws -> ChatResponse {
        guard let answer = try? JSONDecoder().decode(Answer.self, from: data), let content = answer.content else {
            throw ChatError.invalidAnswer("the body is not a message: \(EndpointCall.errorMessage(data))")
        }
        let text = content.filter { $0.type == "text" }.compactMap(\.text).joined()
        return try response(text: text, stop: answer.stop_reason, usage: answer.usage, schema: schema, promptEstimate: promptEstimate)
    }

    package func complete(_ request: ChatRequest) async throws -> ChatResponse {
        var headers: [(name: String, value: String)] = [("anthropic-version", Self.apiVersion)]
        if let key = endpoint.apiKey { headers.append(("x-api-key", key)) }
        let call = EndpointCall(endpoint: endpoint, path: "/messages", headers: headers, body: try body(request, stream: endpoint.stream),
                                cost: RequestGate.Cost(promptTokens: TokenEstimate.count(request.messages, provider: .anthropic), maxTokens: request.maxTokens ?? 1500),
                                control: request.control)
        let schema = request.jsonSchema
        let requestMessages = request.messages
        return try await call.perform(decode: { data in
            try Self.decode(data, for: request)
        }, decodeStream: { events in
            var text = ""
            var stop: String?
            var usage: Answer.Usage?
            var output: Int?
            for try await event in events {
                guard let parsed = try? JSONDecoder().decode(StreamEvent.self, from: Data(event.data.utf8)) else { continue }
                switch parsed.type {
                case "message_start": usage = parsed.message?.usage
                case "content_block_delta": text += parsed.delta?.text ?? ""
                case "message_delta":
                    stop = parsed.delta?.stop_reason ?? stop
                    output = parsed.usage?.output_tokens ?? output
                case "error": throw ChatError.invalidAnswer("stream error: \(parsed.error?.message ?? "unknown")")
                default: break
                }
            }
            if let output { usage?.output_tokens = output }
            return try Self.response(text: text, stop: stop, usage: usage, schema: schema, promptEstimate: { TokenEstimate.count(requestMessages, provider: .anthropic) })
        })
    }

    static func response(text: String, stop: String?, usage: Answer.Usage?, schema: String?, promptEstimate: () -> Int) throws -> ChatResponse {
        let trimmed = UTF8Text.trimmed(text)
        // A cut-off answer is returned with its usage (it was paid for); the caller never
        // uses it as a text (`Runner.send`).
        if stop == "max_tokens" {
            return ChatResponse(text: trimmed, finishReason: .length, usage: TokenUsage(
                prompt: (usage?.input_tokens ?? promptEstimate()) + (usage?.cache_read_input_tokens ?? 0) + (usage?.cache_creation_input_tokens ?? 0),
                completion: usage?.output_tokens ?? TokenEstimate.count(text)))
        }
        if trimmed.isEmpty { throw ChatError.invalidAnswer("the answer is empty") }
        if let schema { try StructuredOutput.check(trimmed, schema: schema) }
        let read = usage?.cache_read_input_tokens ?? 0
        let written = usage?.cache_creation_input_tokens ?? 0
        return ChatResponse(text: trimmed, finishReason: stop == "refusal" ? .contentFilter : .stop, usage: TokenUsage(
            prompt: usage?.input_tokens.map { $0 + read + written } ?? promptEstimate(),
            completion: usage?.output_tokens ?? TokenEstimate.count(text), cachedPrompt: read, cacheWrite: written))
    }
}
