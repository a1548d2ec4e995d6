import Foundation
import LLM
import Synchronization
import Testing
@testable import Pipeline
@testable import Project

@Suite("Request queue")
struct RequestQueueTests {
    @Test("senders take requests in arrival order; closing ends idle senders and refuses what waits")
    func order() async throws {
        let queue = RequestQueue()
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for word in ["un", "deux", "trois"] {
                let before = queue.counts.queued
                group.addTask { try await queue.send(ChatRequest(messages: [ChatMessage(.user, word)])).text }
                // Each request queued before the next one is sent.
                while queue.counts.queued == before { await Task.yield() }
            }
            // One sender answers them all, in order, echoing the prompt.
            var order: [String] = []
            for _ in 0..<3 {
                let item = try #require(await queue.next())
                order.append(item.request.messages[0].content)
                item.continuation.resume(returning: ChatResponse(text: order.last!, finishReason: .stop, usage: .zero, attempts: 1))
            }
            #expect(order == ["un", "deux", "trois"])
            var answers: [String] = []
            for try await answer in group { answers.append(answer) }
            return answers.sorted()
        }
        #expect(answers == ["deux", "trois", "un"])
        async let idle = queue.next()
        while queue.counts.idle == 0 { await Task.yield() }
        queue.close()
        #expect(await idle == nil)
        await #expect(throws: CancellationError.self) { try await queue.send(ChatRequest(messages: [])) }
    }

    @Test("a job cancelled while it waits leaves the queue")
    func cancellation() async throws {
        let queue = RequestQueue()
        let waiting = Task { try await queue.send(ChatRequest(messages: [ChatMessage(.user, "attends")])) }
        while queue.counts.queued == 0 { await Task.yield() }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(queue.counts.queued == 0)
        queue.close()
        #expect(await queue.next() == nil)
    }

    @Test("waitUntilTaken returns once senders have taken that many requests, or at close")
    func waitUntilTaken() async throws {
        let queue = RequestQueue()
        let reached = Mutex(false)
        async let waited: Void = {
            await queue.waitUntilTaken(2)
            reached.withLock { $0 = true }
        }()
        let jobs = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for word in ["un", "deux"] { group.addTask { _ = try await queue.send(ChatRequest(messages: [ChatMessage(.user, word)])) } }
                try await group.waitForAll()
            }
        }
        while queue.counts.queued < 2 { await Task.yield() }
        let first = try #require(await queue.next())
        try await Task.sleep(for: .milliseconds(20))
        #expect(reached.withLock { $0 } == false)
        let second = try #require(await queue.next())
        await waited
        #expect(reached.withLock { $0 })
        for item in [first, second] { item.continuation.resume(returning: ChatResponse(text: "", finishReason: .stop, usage: .zero, attempts: 1)) }
        try await jobs.value
        // Nothing will ever be taken: closing lets the waiter go.
        async let never: Void = queue.waitUntilTaken(10)
        queue.close()
        await never
    }
}
