import Domain
import LLM
import Review

/// A model whose answers go through the cache: the one seam for looking an answer up, asking
/// a request once however many jobs ask it at once, and storing its answer as soon as it
/// arrives. A hit costs nothing and asks nothing.
package struct CachedChatModel: ChatModel {
    package let base: any ChatModel
    package let cache: AnswerCache
    /// Requests out, by key: a second asker waits for the first one's answer.
    let sharing = SharedRequests()
    package var descriptor: ModelDescriptor { base.descriptor }
    package var gate: RequestGate? { base.gate }

    package init(base: any ChatModel, cache: AnswerCache) {
        self.base = base
        self.cache = cache
    }

    /// The answer to the request with `key`: stored (`stored` says who pays for it, if anyone),
    /// else from `ask` — once however many ask at the same time (the others share it, for
    /// nothing) — and stored as soon as it arrives: `ask` is given the store to call while the
    /// request still counts as in flight; what it did not store is stored when it returns.
    package func answer(key: String, stored: (ChatResponse) -> ChatResponse,
                        ask: @escaping @Sendable (_ store: @escaping @Sendable (ChatResponse) -> Void) async throws -> ChatResponse) async throws -> ChatResponse {
        if let hit = cache.load(key) { return stored(hit) }
        let (response, shared) = try await sharing.answer(key) {
            let kept = StoredFlag()
            let response = try await ask { answer in
                remember(answer, key: key)
                kept.set()
            }
            if !kept.isSet { remember(response, key: key) }
            return response
        }
        guard shared else { return response }
        var copy = response
        copy.usage = .zero
        copy.attempts = 0
        return copy
    }

    package func prepare() async {
        await base.prepare()
        let cache = self.cache
        _ = try? await AtomicFile.offload { cache.prepare() }
    }

    package func complete(_ request: ChatRequest) async throws -> ChatResponse {
        let base = self.base
        return try await answer(key: key(request), stored: { $0 }) { _ in try await base.complete(request) }
    }

    /// The stored answer, looked at without recording a use (for `plan`, which writes nothing).
    package func peek(for request: ChatRequest) -> ChatResponse? {
        cache.load(key(request), markUsed: false)
    }

    /// Stores an answer under its request's key, before anyone uses it: a kill right after this
    /// costs nothing on the rerun. Cut-off answers are not kept.
    package func remember(_ response: ChatResponse, key: String) {
        if response.finishReason != .length { cache.store(response, key: key, model: descriptor) }
    }

    /// The request's cache key: its inputs hash for this model (a job's `inputs`).
    package func key(_ request: ChatRequest) -> String {
        AnswerCache.key(request, model: descriptor)
    }
}
