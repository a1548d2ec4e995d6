import LLM
import Review

/// A model whose answers go through the cache: a hit costs nothing and asks nothing.
package struct CachedChatModel: ChatModel {
    package let base: any ChatModel
    package let cache: AnswerCache
    package var descriptor: ModelDescriptor { base.descriptor }
    package var gate: RequestGate? { base.gate }

    package init(base: any ChatModel, cache: AnswerCache) {
        self.base = base
        self.cache = cache
    }

    package func prepare() async {
        await base.prepare()
        let cache = self.cache
        _ = try? await AtomicFile.offload { cache.prepare() }
    }

    package func complete(_ request: ChatRequest) async throws -> ChatResponse {
        if let hit = cachedAnswer(for: request) { return hit }
        let response = try await base.complete(request)
        remember(response, for: request)
        return response
    }

    /// The stored answer to `request` (with `attempts` 0: it costs nothing), if any.
    package func cachedAnswer(for request: ChatRequest) -> ChatResponse? {
        cache.load(key(request))
    }

    /// The stored answer, looked at without recording a use (for `plan`, which writes nothing).
    package func peek(for request: ChatRequest) -> ChatResponse? {
        cache.load(key(request), markUsed: false)
    }

    /// Stores an answer `base` gave to `request`, before anyone uses it: a kill right after this
    /// costs nothing on the rerun. Cut-off answers are not kept.
    package func remember(_ response: ChatResponse, for request: ChatRequest) {
        remember(response, key: key(request))
    }

    /// The same, under a key the caller has worked out already.
    package func remember(_ response: ChatResponse, key: String) {
        if response.finishReason != .length { cache.store(response, key: key, model: descriptor) }
    }

    /// The request's cache key: its inputs hash for this model (a job's `inputs`).
    package func key(_ request: ChatRequest) -> String {
        AnswerCache.key(request, model: descriptor)
    }
}
