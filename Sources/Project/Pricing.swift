import LLM

/// Cost of tokens, from the per-model prices in pipeline.json (zero for unpriced models).
package struct Pricing {
    /// What the providers' Batch APIs charge of the usual price (OpenAI and Anthropic: half).
    package static let batchShare = 0.5

    package var config: PipelineConfig

    package init(config: PipelineConfig) {
        self.config = config
    }

    /// Whether the model has a price: without one, every cost is unknown (not zero).
    package func isPriced(_ model: ModelDescriptor) -> Bool {
        model.provider.isOffline || config.prices[model.model] != nil
    }

    /// "0.1422 USD"; "unknown (no price for gpt-x in pipeline.json's prices)" for an unpriced model.
    package func format(_ cost: Double, model: ModelDescriptor) -> String {
        guard isPriced(model) else { return "unknown (no price for \(model.model) in pipeline.json's prices)" }
        return String(format: "%.4f", cost) + " " + config.currency
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
