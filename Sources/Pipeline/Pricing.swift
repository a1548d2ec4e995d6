import LLM

/// Cost of tokens, from the per-model prices in pipeline.json (zero for unpriced models).
struct Pricing {
    var config: PipelineConfig

    func cost(of usage: TokenUsage, model: ModelDescriptor) -> Double {
        guard let price = config.prices[model.model] else { return 0 }
        return Double(usage.prompt) * price.inputPerMillion / 1_000_000
            + Double(usage.completion) * price.outputPerMillion / 1_000_000
    }
}
