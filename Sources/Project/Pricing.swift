import LLM

/// Cost of tokens, from the per-model prices in pipeline.json (zero for unpriced models).
package struct Pricing {
    /// What the providers' Batch APIs charge of the usual price (OpenAI and Anthropic: half).
    package static let batchShare = 0.5

    package var config: PipelineConfig

    package init(config: PipelineConfig) {
        self.config = config
    }

    package func cost(of usage: TokenUsage, model: ModelDescriptor) -> Double {
        guard let price = config.prices[model.model] else { return 0 }
        let plain = max(0, usage.prompt - usage.cachedPrompt - usage.cacheWrite)
        return (Double(plain) * price.inputPerMillion
            + Double(usage.cachedPrompt) * (price.cachedInputPerMillion ?? price.inputPerMillion)
            + Double(usage.cacheWrite) * (price.cacheWritePerMillion ?? price.inputPerMillion)
            + Double(usage.completion) * price.outputPerMillion) / 1_000_000 * (usage.batch ? Self.batchShare : 1)
    }
}
