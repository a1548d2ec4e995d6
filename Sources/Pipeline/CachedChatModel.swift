import Project
import LLM
import Review

/// A model whose answers go through the cache: a hit costs nothing and asks nothing.
package struct CachedChatModel: ChatModel {
    package let base: any ChatModel
    package let cache: AnswerCache
    package var descriptor: ModelDescriptor { base.descriptor }
    package var executor: (any TaskExecutor)? { base.executor }

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
        if let hit = await cachedAnswer(for: request) { return hit }
        let response = try await base.complete(request)
        await remember(response, for: request)
        return response
    }

    // The database is read and written on the bounded pool of blocking work (`offload`), never
    // on the run's own threads: a run of 32 jobs in flight waiting there on SQLite's one writer
    // cost 1 % of makespan efficiency (`make bench`, 0.956 → 0.966 without the cache).

    /// The stored answer to `request` (with `attempts` 0: it costs nothing), if any.
    package func cachedAnswer(for request: ChatRequest) async -> ChatResponse? {
        let (cache, key) = (cache, key(request))
        return (try? await AtomicFile.offload { cache.load(key) }) ?? nil
    }

    /// The stored answer, looked at without recording a use (for `plan`, which writes nothing).
    package func peek(for request: ChatRequest) async -> ChatResponse? {
        let (cache, key) = (cache, key(request))
        return (try? await AtomicFile.offload { cache.load(key, markUsed: false) }) ?? nil
    }

    /// Stores an answer `base` gave to `request`, before anyone uses it: a kill right after this
    /// costs nothing on the rerun. Cut-off answers are not kept.
    package func remember(_ response: ChatResponse, for request: ChatRequest) async {
        guard response.finishReason != .length else { return }
        let (cache, key, descriptor) = (cache, key(request), descriptor)
        _ = try? await AtomicFile.offload { cache.store(response, key: key, model: descriptor) }
    }

    /// The request's cache key: its inputs hash for this model (a job's `inputs`).
    package func key(_ request: ChatRequest) -> String {
        AnswerCache.key(request, model: descriptor)
    }
}
