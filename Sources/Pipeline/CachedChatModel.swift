import LLM
import Review

/// A model whose answers go through the cache: a hit costs nothing and asks nothing.
public struct CachedChatModel: ChatModel {
    public let base: any ChatModel
    public let cache: AnswerCache
    public var descriptor: ModelDescriptor { base.descriptor }
    public var executor: (any TaskExecutor)? { base.executor }

    public init(base: any ChatModel, cache: AnswerCache) {
        self.base = base
        self.cache = cache
    }

    public func prepare() async {
        await base.prepare()
        let cache = self.cache
        _ = try? await AtomicFile.offload { cache.prepare() }
    }

    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        let key = request.fingerprint.map { String($0.dropFirst("sha256:".count)) } ?? AnswerCache.key(request, model: descriptor)
        if let hit = cache.load(key) { return hit }
        let response = try await base.complete(request)
        // Stored before anyone uses it: a kill right after this costs nothing on the rerun.
        if response.finishReason != .length { cache.store(response, key: key, model: descriptor) }
        return response
    }
}
