import Project
import LLM
import Synchronization

/// `limits.budget`: no new request starts once the spend, plus what it would cost, would pass
/// the limit. Requests already in flight finish.
final class Budget: Sendable {
    let limit: Double
    let pricing: Pricing
    private let spent = Mutex((total: 0.0, requests: Set<String>()))

    init(limit: Double, pricing: Pricing) {
        self.limit = limit
        self.pricing = pricing
    }

    var total: Double { spent.withLock { $0.total } }

    /// Why a request may not start, or nil.
    func refuse(messages: [ChatMessage], maxTokens: Int?, model: ModelDescriptor) -> String? {
        let estimate = pricing.cost(of: TokenUsage(prompt: TokenEstimate.count(messages), completion: maxTokens ?? 500), model: model)
        let current = total
        guard current + estimate > limit else { return nil }
        let currency = pricing.config.currency
        return "the budget of \(String(format: "%.2f", limit)) \(currency) would be passed (spent \(String(format: "%.4f", current)), this request about \(String(format: "%.4f", estimate)))"
    }

    /// Counts what an answer cost; an answer to a request already counted (a batch's answer,
    /// which a job walks past again in each round of a batch run) is not counted twice.
    func spend(_ usage: TokenUsage, model: ModelDescriptor, request key: String? = nil) {
        let cost = pricing.cost(of: usage, model: model)
        spent.withLock { spent in
            if let key, !spent.requests.insert(key).inserted { return }
            spent.total += cost
        }
    }
}
