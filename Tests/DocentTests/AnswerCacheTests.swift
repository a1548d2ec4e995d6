import Foundation
import LLM
import Testing
@testable import Pipeline
@testable import Project

@Suite("Answer cache")
struct AnswerCacheTests {
    let model = ModelDescriptor(provider: .openai, model: "test-model")

    func key(_ n: Int) -> String {
        String(repeating: String(n % 10), count: 64)
    }

    @Test("answers stored by one run are found by the next, from one database file")
    func storeAndReload() throws {
        let folder = try TemporaryFolder()
        do {
            let cache = AnswerCache(directory: folder.path)
            #expect(cache.load(key(1)) == nil)
            cache.store(ChatResponse(text: "Une barque.\nDeux lignes « citées ».", finishReason: .stop, usage: TokenUsage(prompt: 12, completion: 5)), key: key(1), model: model)
            cache.store(ChatResponse(text: "Second", finishReason: .stop, usage: TokenUsage(prompt: 3, completion: 1)), key: key(2), model: model)
            // Found at once, in the same run.
            #expect(cache.load(key(2))?.text == "Second")
            #expect(cache.storeProblems.count == 0)
        }
        #expect(folder.exists("answers.sqlite"))
        let reopened = AnswerCache(directory: folder.path)
        let hit = try #require(reopened.load(key(1)))
        #expect(hit.text == "Une barque.\nDeux lignes « citées ».")
        #expect(hit.usage == TokenUsage(prompt: 12, completion: 5))
        #expect(hit.attempts == 0)
        #expect(reopened.load(key(3)) == nil)
    }

    @Test("journals of the earlier layout are moved into the database once; a line cut short by a crash is left out")
    func importsJournals() throws {
        let folder = try TemporaryFolder()
        try folder.write("""
            {"key":"\(key(1))","finish_reason":"stop","model":"m","provider":"openai","stored_at":"2026-11-01T00:00:00Z","text":"Whole","usage":{"completion":1,"prompt":1}}
            {"used":"\(key(1))","at":"2026-11-20T00:00:00Z"}
            {"key":"\(key(2))","stored_at":"2026-11-23T10:00:00Z","text":"Cut sh
            """, to: "answers-20261101-1-2.jsonl")
        let cache = AnswerCache(directory: folder.path)
        #expect(cache.load(key(1))?.text == "Whole")
        #expect(cache.load(key(2)) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".jsonl") }.isEmpty)
    }

    @Test("an answer that cannot be stored is counted with its reason, and the run goes on")
    func storeFailure() throws {
        let folder = try TemporaryFolder()
        try folder.write("not a folder", to: "cache")
        let cache = AnswerCache(directory: folder.file("cache"))
        cache.store(ChatResponse(text: "x", finishReason: .stop, usage: .zero), key: key(1), model: model)
        #expect(cache.storeProblems.count == 1)
        #expect(cache.storeProblems.reason?.contains("cache") == true)
        #expect(cache.load(key(1)) == nil)
    }

    @Test("prune removes answers neither stored nor used within the period and keeps the others")
    func prune() throws {
        let folder = try TemporaryFolder()
        let stored = ISO8601DateFormatter().date(from: "2026-11-01T00:00:00Z")!
        // Two answers written on 1 November; the second used on 20 November.
        try folder.write("""
            {"key":"\(key(1))","stored_at":"2026-11-01T00:00:00Z","provider":"openai","model":"m","text":"old","finish_reason":"stop","usage":{"prompt":1,"completion":1}}
            {"key":"\(key(2))","stored_at":"2026-11-01T00:00:00Z","provider":"openai","model":"m","text":"used","finish_reason":"stop","usage":{"prompt":1,"completion":1}}
            {"used":"\(key(2))","at":"2026-11-20T00:00:00Z"}

            """, to: "answers-1.jsonl")
        let now = stored.addingTimeInterval(24 * 86_400)
        let result = try AnswerCache(directory: folder.path).prune(olderThan: 10, now: now)
        #expect(result.files == 1)
        do {
            let cache = AnswerCache(directory: folder.path)
            #expect(cache.load(key(1)) == nil)
            #expect(cache.load(key(2))?.text == "used")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".jsonl") }.isEmpty)
        }
        #expect(try AnswerCache(directory: folder.path).prune(olderThan: 0).files == 1)
        #expect(AnswerCache(directory: folder.path).load(key(2)) == nil)
    }

    @Test("answers a run only took from the cache count as used: prune keeps them")
    func usedWithoutStoring() throws {
        let folder = try TemporaryFolder()
        try folder.write("""
            {"key":"\(key(1))","stored_at":"2026-01-01T00:00:00Z","provider":"openai","model":"m","text":"kept","finish_reason":"stop","usage":{"prompt":1,"completion":1}}

            """, to: "answers-1.jsonl")
        do {
            #expect(AnswerCache(directory: folder.path).load(key(1))?.text == "kept")
        }
        _ = try AnswerCache(directory: folder.path).prune(olderThan: 1)
        #expect(AnswerCache(directory: folder.path).load(key(1))?.text == "kept")
    }

    @Test("prune waits for no one: it refuses while a run holds the cache")
    func pruneWhileInUse() throws {
        let folder = try TemporaryFolder()
        let running = AnswerCache(directory: folder.path)
        running.store(ChatResponse(text: "x", finishReason: .stop, usage: .zero), key: key(1), model: model)
        #expect(throws: Busy.self) { try AnswerCache(directory: folder.path).prune(olderThan: 0) }
        #expect(running.load(key(1))?.text == "x")
    }
}
