import Foundation
import LLM
import Review

/// Answers stored content-addressed under `.docent/cache/` before anything uses them, so that
/// a run killed at any moment and started again pays for nothing twice. The key is the
/// SHA-256 of the provider, model, parameters and messages; no key or header is ever stored.
public struct AnswerCache: Sendable {
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    struct Entry: Codable {
        var provider: String
        var model: String
        var text: String
        var finishReason: ChatResponse.FinishReason
        var usage: TokenUsage
    }

    public static func key(_ request: ChatRequest, model: ModelDescriptor) -> String {
        String(InputsHash.of(request, model: model).dropFirst("sha256:".count))
    }

    func path(_ key: String) -> String {
        (directory as NSString).appendingPathComponent("\(key.prefix(2))/\(key).json")
    }

    public func load(_ key: String) -> ChatResponse? {
        let file = path(key)
        guard let data = FileManager.default.contents(atPath: file), let entry = try? JSONDecoder().decode(Entry.self, from: data) else { return nil }
        // Touched on use, so that `docent cache prune` keeps what runs still need.
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: file)
        return ChatResponse(text: entry.text, finishReason: entry.finishReason, usage: entry.usage, attempts: 0)
    }

    public func store(_ response: ChatResponse, key: String, model: ModelDescriptor) {
        let entry = Entry(provider: model.provider, model: model.model, text: response.text, finishReason: response.finishReason, usage: response.usage)
        if let data = try? JSONEncoder().encode(entry) { try? AtomicFile.write(data, to: path(key)) }
    }

    /// Removes entries not used for `days` days; returns how many and how many bytes.
    public func prune(olderThan days: Double, now: Date = Date()) -> (files: Int, bytes: Int) {
        var removed = 0, bytes = 0
        let walker = FileManager.default.enumerator(atPath: directory)
        while let relative = walker?.nextObject() as? String {
            guard relative.hasSuffix(".json") else { continue }
            let file = (directory as NSString).appendingPathComponent(relative)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
                  let modified = attributes[.modificationDate] as? Date,
                  now.timeIntervalSince(modified) > days * 86_400 else { continue }
            if (try? FileManager.default.removeItem(atPath: file)) != nil {
                removed += 1
                bytes += attributes[.size] as? Int ?? 0
            }
        }
        return (removed, bytes)
    }
}

/// A model whose answers go through the cache: a hit costs nothing and asks nothing.
public struct CachedChatModel: ChatModel {
    public let base: any ChatModel
    public let cache: AnswerCache
    public var descriptor: ModelDescriptor { base.descriptor }

    public init(base: any ChatModel, cache: AnswerCache) {
        self.base = base
        self.cache = cache
    }

    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        let key = AnswerCache.key(request, model: descriptor)
        if let hit = cache.load(key) { return hit }
        let response = try await base.complete(request)
        // Stored before anyone uses it: a kill right after this costs nothing on the rerun.
        if response.finishReason != .length { cache.store(response, key: key, model: descriptor) }
        return response
    }
}
