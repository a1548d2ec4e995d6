import LLM

/// The model a run talks to, as `ModelFactory` assembles it: the endpoint (or the offline
/// engine), the provider's Batch API in front of it when asked, and the answer cache in front
/// of both. The runner reaches each layer by name; none is found by casting.
package struct ModelStack: Sendable {
    /// What sends the requests: the endpoint, or the batch model in front of it.
    package var transport: any ChatModel
    /// The provider's Batch API, when the run goes through it.
    package var batch: BatchChatModel?
    /// The answer cache, unless the run goes without one (`--no-cache`, the offline engine).
    package var cache: CachedChatModel?

    /// A model on its own: no batch, no cache.
    package init(_ model: any ChatModel) {
        transport = model
    }

    package init(transport: any ChatModel, batch: BatchChatModel?, cache: CachedChatModel?) {
        self.transport = transport
        self.batch = batch
        self.cache = cache
    }

    /// The whole stack as one model: a hit in the cache asks nothing.
    package var model: any ChatModel { cache ?? transport }
    package var descriptor: ModelDescriptor { transport.descriptor }
    package var gate: RequestGate? { transport.gate }
}
