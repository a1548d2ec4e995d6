/// Something that answers chat requests: a hosted or local LLM endpoint, or Docent's
/// built-in offline engine.
package protocol ChatModel: Sendable {
    /// Which provider and model answer: recorded in every draft's `generator`.
    var descriptor: ModelDescriptor { get }

    /// Answers one request. Throws `ChatError` for failures the caller should see.
    func complete(_ request: ChatRequest) async throws -> ChatResponse

    /// What paces its requests, for models over HTTP.
    var gate: RequestGate? { get }

    /// Called once as a run starts, while its first jobs are prepared: open what answers will
    /// need (a cache's journal), so that the first ones do not wait for the disk.
    func prepare() async
}

extension ChatModel {
    package var gate: RequestGate? { nil }
    package func prepare() async {}
}

/// Who answers: Docent's built-in engine, or an endpoint in one of the two API shapes. Its
/// names are `model.provider` in pipeline.json, `DOCENT_PROVIDER`, and what drafts, reports and
/// cache keys record.
package enum Provider: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case offline, openai, anthropic

    package var description: String { rawValue }

    /// Docent's built-in engine: no endpoint, no key, no cost, no image seen; it writes from
    /// the record's facts and is never revised nor proofread by a model.
    package var isOffline: Bool {
        switch self {
        case .offline: true
        case .openai, .anthropic: false
        }
    }
}

/// Provider and model name, as written into drafts and cache keys.
package struct ModelDescriptor: Sendable, Hashable, Codable, CustomStringConvertible {
    package var provider: Provider
    package var model: String

    /// The built-in offline engine's model name (what its drafts and inputs hashes record).
    package static let offlineModel = "docent-offline-1"

    package init(provider: Provider, model: String) {
        self.provider = provider
        self.model = model
    }

    package var description: String { "\(provider)/\(model)" }
}

package struct ChatMessage: Sendable, Hashable, Encodable {
    package enum Role: String, Sendable, Hashable, Codable {
        case system, user, assistant
    }
    package var role: Role
    package var content: String
    /// Pictures given with the text (a user message of an image audience); nil: none.
    package var images: [ChatImage]?

    package init(_ role: Role, _ content: String, images: [ChatImage]? = nil) {
        self.role = role
        self.content = content
        self.images = images
    }
}

/// One request to a model.
package struct ChatRequest: Sendable, Hashable {
    package var messages: [ChatMessage]
    package var temperature: Double?
    package var maxTokens: Int?
    /// A JSON schema the answer must follow (structured output), as JSON text.
    package var jsonSchema: String?
    /// The job as Docent knows it (a `DraftTask`, an SEO task), for engines that work without
    /// a language model: the offline engine composes from its facts. Never sent to an
    /// endpoint, and not part of what makes two requests equal (the messages say it all).
    package var job: (any Sendable)?
    /// The run that sends it, as an endpoint needs to know it (see `RunControl`). Not part of
    /// what makes two requests equal.
    package var control: (any RunControl)?
    /// Its key in the run's answer cache, when the run worked it out (a batch names its item
    /// by it). Not part of what makes two requests equal.
    package var cacheKey: String?

    package static func == (a: ChatRequest, b: ChatRequest) -> Bool {
        a.messages == b.messages && a.temperature == b.temperature && a.maxTokens == b.maxTokens && a.jsonSchema == b.jsonSchema
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(messages)
        hasher.combine(temperature)
        hasher.combine(maxTokens)
        hasher.combine(jsonSchema)
    }

    package init(messages: [ChatMessage], temperature: Double? = nil, maxTokens: Int? = nil,
                jsonSchema: String? = nil, job: (any Sendable)? = nil) {
        self.messages = messages
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.jsonSchema = jsonSchema
        self.job = job
    }
}

/// Tokens spent by one answer. `prompt` counts every prompt token; of those, `cachedPrompt`
/// were read from the provider's prompt cache (OpenAI `prompt_tokens_details.cached_tokens`,
/// Anthropic `cache_read_input_tokens`: cheaper) and `cacheWrite` were written to it
/// (Anthropic `cache_creation_input_tokens`: dearer).
package struct TokenUsage: Sendable, Hashable, Codable {
    package var prompt: Int
    package var completion: Int
    package var cachedPrompt: Int
    package var cacheWrite: Int
    /// Answered through a provider's Batch API, billed at half the price.
    package var batch: Bool

    package init(prompt: Int, completion: Int, cachedPrompt: Int = 0, cacheWrite: Int = 0, batch: Bool = false) {
        self.prompt = prompt
        self.completion = completion
        self.cachedPrompt = cachedPrompt
        self.cacheWrite = cacheWrite
        self.batch = batch
    }

    enum CodingKeys: String, CodingKey {
        case prompt, completion, cachedPrompt, cacheWrite, batch
    }

    /// Answers cached before prompt caching was counted have neither of its fields.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        prompt = try container.decode(Int.self, forKey: .prompt)
        completion = try container.decode(Int.self, forKey: .completion)
        cachedPrompt = try container.decodeIfPresent(Int.self, forKey: .cachedPrompt) ?? 0
        cacheWrite = try container.decodeIfPresent(Int.self, forKey: .cacheWrite) ?? 0
        batch = try container.decodeIfPresent(Bool.self, forKey: .batch) ?? false
    }

    package var total: Int { prompt + completion }

    package static let zero = TokenUsage(prompt: 0, completion: 0)

    /// A sum is billed at the batch price only when all of it was (a cost never under-counted).
    package static func + (a: TokenUsage, b: TokenUsage) -> TokenUsage {
        if a == .zero { return b }
        if b == .zero { return a }
        return TokenUsage(prompt: a.prompt + b.prompt, completion: a.completion + b.completion,
                          cachedPrompt: a.cachedPrompt + b.cachedPrompt, cacheWrite: a.cacheWrite + b.cacheWrite, batch: a.batch && b.batch)
    }
}

package struct ChatResponse: Sendable, Hashable, Codable {
    package enum FinishReason: String, Sendable, Hashable, Codable {
        case stop, length, contentFilter = "content_filter", other
    }
    package var text: String
    package var finishReason: FinishReason
    package var usage: TokenUsage
    /// How many tries the answer took (retries included); 0 for an answer from the cache.
    package var attempts: Int

    package init(text: String, finishReason: FinishReason = .stop, usage: TokenUsage, attempts: Int = 1) {
        self.text = text
        self.finishReason = finishReason
        self.usage = usage
        self.attempts = attempts
    }
}

/// Failures a model reports to its caller. Messages never hold an API key.
package enum ChatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The answer was cut off (`length` / `max_tokens`): never use it as a short draft.
    case truncated
    /// The engine cannot do this kind of work (e.g. the offline engine asked to translate).
    case unsupported(String)
    /// The answer came back but is unusable (not JSON, empty, against the schema).
    case invalidAnswer(String)
    /// A JSON answer that does not follow the requested schema (not retried as is: the caller
    /// may send the problems back for a repair round).
    case schemaViolation(String)
    /// 401 or 403: the key is wrong or lacks rights. Nothing else will work: stop the run.
    case authentication(String)
    /// A request the endpoint refuses as such (400, 404, 422…): retrying will not help.
    case rejected(status: Int, message: String)
    /// Still failing after every attempt: the last status and message.
    case exhausted(attempts: Int, last: String)
    /// The endpoint could not be reached at all (connection refused, DNS, timeouts).
    case unreachable(String)
    /// Rate-limited (429) for longer in all than `limits.max_wait` allows.
    case rateLimited(waitedSeconds: Int, last: String)

    package var description: String {
        switch self {
        case .truncated: "the answer was cut off at the token limit"
        case .unsupported(let what): "not supported: \(what)"
        case .invalidAnswer(let why): "invalid answer: \(why)"
        case .schemaViolation(let problems): "the answer does not follow the schema: \(problems)"
        case .authentication(let message): "authentication failed: \(message)"
        case .rejected(let status, let message): "the endpoint refused the request (HTTP \(status)): \(message)"
        case .exhausted(let attempts, let last): "failed after \(attempts) attempts: \(last)"
        case .unreachable(let message): "endpoint unreachable: \(message)"
        case .rateLimited(let waited, let last): "rate-limited for \(waited) s in all, past limits.max_wait: \(last)"
        }
    }

    /// Failures that say the whole run cannot go on.
    package var stopsRun: Bool {
        if case .authentication = self { return true }
        return false
    }
}

/// A rough token count for estimates and for engines that do not report usage
/// (about four characters a token for European languages).
package enum TokenEstimate {
    package static func count(_ text: String) -> Int {
        max(1, (text.utf8.count + 3) / 4)
    }

    package static func count(_ messages: [ChatMessage]) -> Int {
        messages.reduce(0) { $0 + count($1.content) + 4 }
    }

    /// With the images' tokens as the provider counts them.
    package static func count(_ messages: [ChatMessage], provider: Provider) -> Int {
        messages.reduce(0) { total, message in
            total + count(message.content) + 4 + (message.images ?? []).reduce(0) { $0 + $1.estimatedTokens(for: provider) }
        }
    }
}
