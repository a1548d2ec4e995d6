import OfflineEngine
import Prompts
import Foundation
import Project
import HTTP
import LLM

/// Builds the model pipeline.json (with `DOCENT_*` overrides) asks for.
package enum ModelFactory {
    package struct MissingKey: Error, CustomStringConvertible {
        package var variable: String
        package var provider: String
        package var description: String {
            "provider '\(provider)' at its hosted endpoint needs an API key: set \(variable) in the environment"
        }
    }

    /// The key from the environment: DOCENT_API_KEY wins, then the variable named by model.api_key_env.
    static func apiKey(_ config: PipelineConfig, environment: [String: String]) -> String? {
        let key = environment["DOCENT_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment[config.model.apiKeyEnv].flatMap { $0.isEmpty ? nil : $0 }
        return key?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Hosted endpoints need a key; local servers (llama.cpp, Ollama, vLLM on this machine) do not.
    static func isHosted(_ url: String) -> Bool {
        ["api.openai.com", "api.anthropic.com", "api.mistral.ai", "openai.azure.com"].contains { url.contains($0) }
    }

    /// The model, behind the answer cache unless `useCache` is false (the offline engine is not cached).
    /// `batch`: send through the provider's Batch API (`model.batch` or `--batch`); `wait`
    /// false (`--no-wait`) submits and lets the run end without the answers.
    package static func make(_ config: PipelineConfig, client: HTTPClient, useCache: Bool = true, batch: Bool? = nil, wait: Bool = true,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ModelStack {
        let model = try makeUncached(config, client: client, environment: environment)
        guard !model.descriptor.provider.isOffline else { return ModelStack(model) }
        let cache = useCache ? AnswerCache(directory: config.resolve(".docent/cache")) : nil
        var batchModel: BatchChatModel?
        if batch ?? config.model.batch {
            let batches: any ProviderBatches = switch model {
            case let anthropic as AnthropicChatModel: AnthropicBatches(model: anthropic)
            case let openAI as OpenAIChatModel: OpenAIBatches(model: openAI)
            default: throw BatchUnsupported(provider: model.descriptor.provider.rawValue)
            }
            batchModel = BatchChatModel(base: model, batches: batches, ledger: BatchLedger(directory: config.resolve(".docent/batches")),
                                        cache: cache, wait: wait, pollInterval: .milliseconds(Int(config.model.batchPollSeconds * 1000)))
        }
        let transport: any ChatModel = batchModel ?? model
        return ModelStack(transport: transport, batch: batchModel, cache: cache.map { CachedChatModel(base: transport, cache: $0) })
    }

    package struct BatchUnsupported: Error, CustomStringConvertible {
        package var provider: String
        package var description: String { "provider '\(provider)' has no Batch API: remove model.batch / --batch" }
    }

    /// Which provider and model the configuration names, as drafts and inputs hashes record
    /// them: what commands that send nothing (`docent check`) need, with no key or endpoint.
    package static func descriptor(_ config: PipelineConfig) -> ModelDescriptor {
        let model = config.model
        guard !model.provider.isOffline, model.baseURL != nil else { return OfflineChatModel().descriptor }
        return ModelDescriptor(provider: model.provider, model: model.name)
    }

    static func makeUncached(_ config: PipelineConfig, client: HTTPClient, environment: [String: String]) throws -> any ChatModel {
        let model = config.model
        guard !model.provider.isOffline, let baseURL = model.baseURL else { return OfflineChatModel() }
        let key = apiKey(config, environment: environment)
        if key == nil, isHosted(baseURL) {
            throw MissingKey(variable: model.apiKeyEnv == "DOCENT_API_KEY" ? "DOCENT_API_KEY" : "DOCENT_API_KEY or \(model.apiKeyEnv)",
                             provider: model.provider.rawValue)
        }
        let endpoint = Endpoint(
            baseURL: baseURL, model: model.name, apiKey: key, timeout: .milliseconds(Int(model.timeoutSeconds * 1000)),
            retry: RetryPolicy(maxAttempts: config.limits.attempts, maxRateLimitWait: Double(config.limits.maxWait)),
            gate: RequestGate(maxInFlight: config.limits.jobs, requestsPerMinute: config.limits.requestsPerMinute,
                              tokensPerMinute: config.limits.tokensPerMinute),
            stream: model.stream, client: client)
        switch model.provider {
        case .anthropic: return AnthropicChatModel(endpoint: endpoint)
        case .openai: return OpenAIChatModel(endpoint: endpoint)
        case .offline: return OfflineChatModel()
        }
    }
}
