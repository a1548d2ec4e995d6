import LLM

/// A run's part in each request it sends (`RunControl`): when its turn comes, the run must not
/// have stopped nor spent its budget while it waited; its answer is stored at once; an error
/// that stops the run (a rejected key) stops it before another request takes its place.
struct JobControl: RunControl {
    var stop: RunStop
    var budget: Budget?
    var model: ModelDescriptor
    var messages: [ChatMessage]
    var maxTokens: Int?
    var store: (@Sendable (ChatResponse) -> Void)?

    func beforeSending() throws {
        if let reason = stop.current { throw RunStopped(reason: reason) }
        if let reason = budget?.refuse(messages: messages, maxTokens: maxTokens, model: model) { throw RunStopped(reason: reason) }
    }

    func answered(_ response: ChatResponse) {
        store?(response)
    }

    func stopping(_ error: ChatError) {
        _ = stop.stop(error)
    }
}
