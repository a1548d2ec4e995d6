import Foundation
import HTTP
import Synchronization
import Prose

/// OpenAI-compatible chat completions: OpenAI, Mistral, Azure-style base URLs, Ollama, vLLM,
/// llama.cpp's server. Structured output through `response_format: json_schema`; an endpoint
/// that refuses it falls back to `json_object`, then to a prompted JSON answer, and every JSON
/// answer is validated against the schema.
package final class OpenAIChatModel: ChatModel {
    package let descriptor: ModelDescriptor
    let endpoint: Endpoint
    package var gate: RequestGate? { endpoint.gate }

    enum StructuredMode: Int {
        case jsonSchema, jsonObject, prompted
    }
    private let structuredMode = Mutex(StructuredMode.jsonSchema)

    package init(endpoint: Endpoint) {
        self.endpoint = endpoint
        descriptor = ModelDescriptor(provider: .openai, model: endpoint.model)
    }

    struct Body: Encodable {
        /// A message: its text, or (with images) its parts: the text, then each image as an
        /// `image_url` (an address, or a `data:` URL with the bytes), at high detail.
        struct Message: Encodable {
            var role: String
            var content: String
            var images: [ChatImage]? = nil

            init(role: String, content: String, images: [ChatImage]? = nil) {
                self.role = role
                self.content = content
                self.images = images
            }

            init(_ message: ChatMessage) {
                self.init(role: message.role.rawValue, content: message.content, images: message.images)
            }

            struct Part: Encodable {
                struct ImageURL: Encodable {
                    var url: String
                    var detail = "high"
                }
                var type: String
                var text: String?
                var image_url: ImageURL?
            }
            enum CodingKeys: String, CodingKey { case role, content }

            func encode(to encoder: any Encoder) throws {
                var values = encoder.container(keyedBy: CodingKeys.self)
                try values.encode(role, forKey: .role)
                if let images, !images.isEmpty {
                    let parts = [Part(type: "text", text: content)] + (try images.map { Part(type: "image_url", image_url: .init(url: try $0.openAIURL())) })
                    try values.encode(parts, forKey: .content)
                } else {
                    try values.encode(content, forKey: .content)
                }
            }
        }
        struct StreamOptions: Encodable {
            var include_usage = true
        }
        struct ResponseFormat: Encodable {
            struct Schema: Encodable {
                var name = "answer"
                var strict = true
                var schema: JSONValue
            }
            var type: String
            var json_schema: Schema?
        }
        var model: String
        var messages: [Message]
        var temperature: Double?
        var max_tokens: Int?
        var stream: Bool
        var stream_options: StreamOptions?
        var response_format: ResponseFormat?

        func encoded() throws -> Data {
            try JSONEncoder.docentCompact.encode(self)
        }
    }

    struct Answer: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable { var content: String? }
            struct Delta: Decodable { var content: String? }
            var message: Message?
            var delta: Delta?
            var finish_reason: String?
        }
        struct Usage: Decodable {
            struct PromptDetails: Decodable {
                var cached_tokens: Int?
            }
            var prompt_tokens: Int?
            var completion_tokens: Int?
            var prompt_tokens_details: PromptDetails?
        }
        var choices: [Choice]?
        var usage: Usage?
    }

    package func complete(_ request: ChatRequest) async throws -> ChatResponse {
        while true {
            let mode = structuredMode.withLock { $0 }
            do {
                return try await complete(request, mode: mode)
            } catch ChatError.rejected(let status, let message)
                where status == 400 && request.jsonSchema != nil && mode != .prompted
                && ["response_format", "json_schema", "schema", "json_object"].contains(where: message.lowercased().contains) {
                // The endpoint does not do this kind of structured output: step down and remember.
                structuredMode.withLock { $0 = StructuredMode(rawValue: max($0.rawValue, mode.rawValue + 1)) ?? .prompted }
            }
        }
    }

    /// The JSON body of a chat completion request.
    func body(_ request: ChatRequest, mode: StructuredMode, stream: Bool) throws -> Data {
        var messages = request.messages.map(Body.Message.init)
        var format: Body.ResponseFormat?
        if let schema = request.jsonSchema {
            switch mode {
            case .jsonSchema: format = .init(type: "json_schema", json_schema: .init(schema: try JSONValue(parsing: schema)))
            case .jsonObject: format = .init(type: "json_object")
            case .prompted: break
            }
            if mode != .jsonSchema {
                messages.append(.init(role: "system", content: StructuredOutput.instruction(schema: schema)))
            }
        }
        return try Body(model: endpoint.model, messages: messages, temperature: request.temperature,
                        max_tokens: request.maxTokens, stream: stream,
                        stream_options: stream ? .init() : nil, response_format: format).encoded()
    }

    /// A chat completion's answer to `request`, from its JSON body.
    static func decode(_ data: Data, for request: ChatRequest) throws -> ChatResponse {
        try decode(data, schema: request.jsonSchema, promptEstimate: { TokenEstimate.count(request.messages, provider: .openai) })
    }

    /// A batch's answer (its body as read with its result line), checked against what its
    /// request expected.
    static func decode(_ answer: Answer?, expecting expected: BatchExpectation) throws -> ChatResponse {
        guard let answer, let choice = answer.choices?.first else {
            throw ChatError.invalidAnswer("the body is not a chat completion")
        }
        return try response(text: choice.message?.content ?? "", finish: choice.finish_reason,
                            usage: answer.usage, schema: expected.jsonSchema, promptEstimate: { expected.promptTokens })
    }

    private static func decode(_ data: Data, schema: String?, promptEstimate: () -> Int) throws -> ChatResponse {
        guard let answer = try? JSONDecoder().decode(Answer.self, from: data), let choice = answer.choices?.first else {
            throw ChatError.invalidAnswer("the body is not a chat completion: \(EndpointCall.errorMessage(data))")
        }
        return try response(text: choice.message?.content ?? "", finish: choice.finish_reason,
                            usage: answer.usage, schema: schema, promptEstimate: promptEstimate)
    }

    func complete(_ request: ChatRequest, mode: StructuredMode) async throws -> ChatResponse {
        let encoded = try body(request, mode: mode, stream: endpoint.stream)
        var headers: [(name: String, value: String)] = []
        if let key = endpoint.apiKey { headers.append(("Authorization", "Bearer \(key)")) }
        let call = EndpointCall(endpoint: endpoint, path: "/chat/completions", headers: headers, body: encoded,
                                cost: RequestGate.Cost(promptTokens: TokenEstimate.count(request.messages, provider: .openai), maxTokens: request.maxTokens ?? 1000),
                                control: request.control)
        let schema = request.jsonSchema
        return try await call.perform(decode: { data in
            try Self.decode(data, for: request)
        }, decodeStream: { events in
            var text = ""
            var finish: String?
            var usage: Answer.Usage?
            for try await event in events {
                if event.data == "[DONE]" { break }
                guard let chunk = try? JSONDecoder().decode(Answer.self, from: Data(event.data.utf8)) else {
                    throw ChatError.invalidAnswer("a stream event is not a chat completion chunk")
                }
                if let choice = chunk.choices?.first {
                    text += choice.delta?.content ?? ""
                    finish = choice.finish_reason ?? finish
                }
                usage = chunk.usage ?? usage
            }
            return try Self.response(text: text, finish: finish, usage: usage, schema: schema, promptEstimate: { TokenEstimate.count(request.messages, provider: .openai) })
        })
    }

    static func response(text: String, finish: String?, usage: Answer.Usage?, schema: String?, promptEstimate: () -> Int) throws -> ChatResponse {
        let reason: ChatResponse.FinishReason = switch finish {
        case "length": .length
        case "content_filter": .contentFilter
        case "stop", nil: .stop
        default: .other
        }
        let trimmed = UTF8Text.trimmed(text)
        // A cut-off answer is returned with its usage (it was paid for); the caller never
        // uses it as a text (`Runner.send`).
        if reason == .length {
            return ChatResponse(text: trimmed, finishReason: .length, usage: TokenUsage(
                prompt: usage?.prompt_tokens ?? promptEstimate(), completion: usage?.completion_tokens ?? TokenEstimate.count(text)))
        }
        if trimmed.isEmpty { throw ChatError.invalidAnswer("the answer is empty") }
        if let schema { try StructuredOutput.check(trimmed, schema: schema) }
        return ChatResponse(text: trimmed, finishReason: reason, usage: TokenUsage(
            prompt: usage?.prompt_tokens ?? promptEstimate(),
            completion: usage?.completion_tokens ?? TokenEstimate.count(text),
            cachedPrompt: usage?.prompt_tokens_details?.cached_tokens ?? 0))
    }
}

/// The prompted fallback of structured output, and the check every JSON answer gets.
package enum StructuredOutput {
    package static func instruction(schema: String) -> String {
        "Answer with one JSON value only, no prose and no code fence, that follows this JSON schema:\n\(schema)"
    }

    /// Throws `schemaViolation` listing what is wrong.
    package static func check(_ text: String, schema: String) throws {
        var json = text
        if json.hasPrefix("```") {
            json = json.split(separator: "\n").dropFirst().filter { !$0.hasPrefix("```") }.joined(separator: "\n")
        }
        let problems = JSONSchemaValidator.validate(json: json, schema: schema)
        if !problems.isEmpty {
            throw ChatError.schemaViolation(problems.prefix(5).joined(separator: "; "))
        }
    }
}
