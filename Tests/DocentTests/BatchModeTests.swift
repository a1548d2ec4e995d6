import Foundation
@testable import LLM
@testable import Pipeline
import Synchronization
import Testing

/// `docent run --batch` against the mock's OpenAI and Anthropic Batch APIs.
@Suite("Batch mode end to end", .serialized)
struct BatchModeTests {
    /// Drafts only comes without revision rounds, so that the requests can be counted exactly.
    func project(provider: String, stages: String = #"["draft", "translate", "seo", "proof"]"#, window: Int? = nil) throws -> TemporaryFolder {
        let rounds = stages == #"["draft"]"# ? 0 : 2
        let folder = try TemporaryFolder()
        try folder.write("""
            {"institution": {"name": "Musée de Test"}, "sources": {"artworks": ["artworks"]},
             "source_language": "fr", "languages": ["en"], "audiences": ["general", "children"], "stages": \(stages),
             "limits": {"jobs": 4, "revision_rounds": \(rounds)},
             "prices": {"mock-model": {"input_per_million": 2, "output_per_million": 8}},
             "model": {"provider": "\(provider)", "name": "mock-model", "batch_poll_seconds": 0.1\(window.map { ", \"batch_window\": \($0)" } ?? "")}}
            """, to: "pipeline.json")
        try folder.copy(Repo.templates, to: "templates")
        try folder.copy(Repo.fixtures + "/records/works.json", to: "artworks/works.json")
        return folder
    }

    func environment(_ mock: MockProcess) -> [String: String] {
        ["DOCENT_BASE_URL": mock.baseURL, "DOCENT_API_KEY": "k", "SOURCE_DATE_EPOCH": "1800000000"]
    }

    func report(_ folder: TemporaryFolder) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(try folder.read("output/report.json").utf8)) as? [String: Any] ?? [:]
    }

    func ledger(_ folder: TemporaryFolder) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.file(".docent/batches"))) ?? []).filter { $0.hasSuffix(".json") }
    }

    @Test("A full run in batches: every wave (drafts, proofreading, translations, SEO) goes out as a batch, nothing synchronously, each request once, at half the price; the rerun sends nothing",
          arguments: ["openai", "anthropic"])
    func fullRun(provider: String) async throws {
        let mock = try MockProcess([])
        let folder = try project(provider: provider)
        let run = try await DocentBinary.run(["run", "--batch"], in: folder.path, environment: environment(mock))
        #expect(run.status == 0, "\(run.stderr)")
        let totals = try report(folder)["totals"] as? [String: Any] ?? [:]
        #expect(totals["failed"] as? Int == 0 && totals["skipped"] as? Int == 0, "\(totals)")
        #expect((totals["created"] as? Int ?? 0) == totals["jobs"] as? Int)
        let stats = try await mock.stats()
        #expect((stats["batches"] as? Int ?? 0) >= 3, "drafts, their proofreading, translations…: \(stats)")
        #expect(stats["batch_items"] as? Int == stats["requests"] as? Int, "nothing sent synchronously: \(stats)")
        #expect(stats["repeated"] as? Int == 0)
        #expect(ledger(folder).isEmpty, "collected batches leave .docent/batches")
        // Half the price: a job's cost is half its tokens at the configured prices.
        for job in try report(folder)["jobs"] as? [[String: Any]] ?? [] where (job["prompt_tokens"] as? Int ?? 0) > 0 {
            let full = (Double(job["prompt_tokens"] as? Int ?? 0) * 2 + Double(job["completion_tokens"] as? Int ?? 0) * 8) / 1_000_000
            #expect(abs((job["cost"] as? Double ?? 0) - full / 2) < 1e-9, "\(job)")
        }
        let asked = stats["requests"] as? Int
        #expect(try await DocentBinary.run(["run", "--batch"], in: folder.path, environment: environment(mock)).status == 0)
        #expect(try await mock.stats()["requests"] as? Int == asked)
    }

    @Test("--no-wait submits and exits 0; status shows the batch; a later run collects it and goes on; nothing is paid twice",
          arguments: ["openai", "anthropic"])
    func noWaitThenCollect(provider: String) async throws {
        // The batch ends when the test says so (never by a delay racing the runs).
        let mock = try MockProcess(["--batch-delay", "3600000"])
        let folder = try project(provider: provider)
        let first = try await DocentBinary.run(["run", "--batch", "--no-wait"], in: folder.path, environment: environment(mock))
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("wait for provider batches"), "\(first.stderr)")
        #expect(ledger(folder).count == 1)
        let status = try await DocentBinary.run(["status", "--json"], in: folder.path)
        let batches = (try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])?["batches"] as? [[String: Any]] ?? []
        #expect(batches.count == 1 && (batches.first?["requests"] as? Int ?? 0) == 4, "\(status.stdout)")
        let human = try await DocentBinary.run(["status"], in: folder.path)
        #expect(human.stdout.contains("in flight"), "\(human.stdout)")
        // Too early: the same batch is looked at, nothing is sent again.
        #expect(try await DocentBinary.run(["run", "--batch", "--no-wait"], in: folder.path, environment: environment(mock)).status == 0)
        #expect(try await mock.stats()["batches"] as? Int == 0)
        try await mock.endBatches()
        let collect = try await DocentBinary.run(["run", "--batch"], in: folder.path, environment: environment(mock))
        #expect(collect.status == 0, "\(collect.stderr)")
        let totals = try report(folder)["totals"] as? [String: Any] ?? [:]
        #expect(totals["skipped"] as? Int == 0 && totals["failed"] as? Int == 0, "\(totals)")
        let stats = try await mock.stats()
        #expect(stats["repeated"] as? Int == 0 && stats["requests"] as? Int == stats["distinct"] as? Int, "\(stats)")
        #expect(ledger(folder).isEmpty)
    }

    @Test("A window of one artwork's jobs: artworks go through the batches one after another (memory follows the window, not the collection), every job is written once, and report.json lists them all in order")
    func window() async throws {
        let mock = try MockProcess([])
        let folder = try project(provider: "openai", window: 1)
        let run = try await DocentBinary.run(["run", "--batch"], in: folder.path, environment: environment(mock))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("skipped:"), "jobs waiting for a batch are not said one by one: \(run.stderr)")
        let report = try report(folder)
        let totals = report["totals"] as? [String: Any] ?? [:]
        let jobs = report["jobs"] as? [[String: Any]] ?? []
        #expect(totals["failed"] as? Int == 0 && totals["skipped"] as? Int == 0, "\(totals)")
        #expect((totals["created"] as? Int ?? 0) == totals["jobs"] as? Int && jobs.count == totals["jobs"] as? Int)
        let order = jobs.map { "\($0["artwork"] ?? "")\u{1}\($0["audience"] ?? "")\u{1}\($0["stage"] ?? "")\u{1}\($0["language"] ?? "")" }
        #expect(order == order.sorted(), "report order")
        let artworks = Set(jobs.compactMap { $0["artwork"] as? String }).count
        let stats = try await mock.stats()
        #expect(artworks >= 2)
        // With the whole collection at once the same work goes in 4–6 batches; one artwork at a time, in more.
        #expect((stats["batches"] as? Int ?? 0) >= artworks * 3, "\(stats)")
        #expect(stats["batch_items"] as? Int == stats["requests"] as? Int && stats["repeated"] as? Int == 0, "\(stats)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("output")).allSatisfy { !$0.hasPrefix(".docent-") },
                "the run's spools leave no file")
    }

    @Test("--no-wait with a window: the artworks that did not fit are said as not started, waiting (exit 0), and a later run goes on with them")
    func windowNoWait() async throws {
        let mock = try MockProcess(["--batch-delay", "3600000"])
        let folder = try project(provider: "openai", window: 1)
        let first = try await DocentBinary.run(["run", "--batch", "--no-wait"], in: folder.path, environment: environment(mock))
        #expect(first.status == 0, "\(first.stderr)")
        let jobs = try report(folder)["jobs"] as? [[String: Any]] ?? []
        let notStarted = jobs.filter { ($0["error"] as? String ?? "").hasPrefix("not started: model.batch_window (1 jobs) is full") }
        #expect(!notStarted.isEmpty && notStarted.count < jobs.count, "\(jobs.map { $0["error"] ?? "" })")
        #expect(first.stderr.contains("\(jobs.count) jobs wait for provider batches"), "\(first.stderr)")
        try await mock.endBatches()
        let collect = try await DocentBinary.run(["run", "--batch"], in: folder.path, environment: environment(mock))
        #expect(collect.status == 0, "\(collect.stderr)")
        let totals = try report(folder)["totals"] as? [String: Any] ?? [:]
        #expect(totals["skipped"] as? Int == 0 && totals["failed"] as? Int == 0 && totals["created"] as? Int == jobs.count, "\(totals)")
        #expect(try await mock.stats()["repeated"] as? Int == 0)
    }

    @Test("kill -9 between submit and collect: the rerun collects the same batch, no request is paid twice")
    func killAfterSubmit() async throws {
        let mock = try MockProcess(["--batch-delay", "1500"])
        let folder = try project(provider: "openai", stages: #"["draft"]"#)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DocentBinary.path)
        process.arguments = ["run", "--batch", "--quiet"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        process.environment = ProcessInfo.processInfo.environment.merging(environment(mock)) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(20)
        while ledger(folder).isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(ledger(folder).count == 1, "the batch was recorded before the kill")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let rerun = try await DocentBinary.run(["run", "--batch"], in: folder.path, environment: environment(mock))
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let totals = try report(folder)["totals"] as? [String: Any] ?? [:]
        #expect(totals["created"] as? Int == 4, "\(totals)")
        let stats = try await mock.stats()
        #expect(stats["batch_items"] as? Int == 4, "\(stats)")
        #expect(stats["requests"] as? Int == 4 && stats["repeated"] as? Int == 0, "\(stats)")
    }

    @Test("Errored and expired items are sent again synchronously; every job completes", arguments: [
        (["--batch-errors", "2"], "openai"), (["--batch-errors", "2"], "anthropic"),
        (["--batch-expire-after", "1"], "openai"), (["--batch-expire-after", "1"], "anthropic"),
    ])
    func erroredAndExpired(mockArguments: [String], provider: String) async throws {
        let mock = try MockProcess(mockArguments)
        let folder = try project(provider: provider, stages: #"["draft"]"#)
        let run = try await DocentBinary.run(["run", "--batch"], in: folder.path, environment: environment(mock))
        #expect(run.status == 0, "\(run.stderr)")
        let totals = try report(folder)["totals"] as? [String: Any] ?? [:]
        #expect(totals["created"] as? Int == 4 && totals["failed"] as? Int == 0, "\(totals)")
        let stats = try await mock.stats()
        // One batch of 4 drafts. Errored: the provider did the work (4 requests), then the 2
        // that failed went out once more, synchronously. Expired: 1 answered in the batch, the
        // 3 others synchronously.
        #expect(stats["batch_items"] as? Int == 4, "\(stats)")
        #expect(stats["requests"] as? Int == (mockArguments[0] == "--batch-errors" ? 6 : 4), "\(stats)")
        // Every job counts what it used, however its answers came (batch, or sent again), in
        // whichever round it was written.
        let jobs = try report(folder)["jobs"] as? [[String: Any]] ?? []
        #expect(jobs.count == 4 && jobs.allSatisfy { ($0["prompt_tokens"] as? Int ?? 0) > 0 && ($0["completion_tokens"] as? Int ?? 0) > 0 }, "\(jobs)")
    }

    @Test("--no-wait without a batch is a usage error")
    func noWaitAlone() async throws {
        let folder = try project(provider: "openai")
        #expect(try await DocentBinary.run(["run", "--no-wait"], in: folder.path).status == 64)
    }
}

@Suite("Batch splitting")
struct BatchSplitTests {
    struct Small: ProviderBatches {
        let maxRequests = 3
        let maxBytes = 4_000
        func submit(_ items: [BatchItem]) async throws -> String { "" }
        func progress(_ id: String) async throws -> BatchProgress { BatchProgress(ended: true, status: "", total: 0, done: 0, failed: 0) }
        func results(_ id: String, expected: [String: BatchExpectation]) async throws -> [String: BatchItemResult] { [:] }
    }

    @Test("A batch is cut at the provider's request count and size, in order")
    func split() {
        let model = BatchChatModel(base: OfflineStandIn(), batches: Small(), ledger: BatchLedger(directory: "/nonexistent"),
                                   cache: nil, wait: true, pollInterval: .seconds(1))
        let items = (0..<8).map { BatchItem(customID: "\($0)", request: ChatRequest(messages: [ChatMessage(.user, String(repeating: "x", count: $0 == 5 ? 1_500 : 10))])) }
        let parts = model.split(items).map { $0.map(\.customID) }
        // 0,1,2 (count); 3,4, then 5 is too big to join them (size), and 6 to join 5.
        #expect(parts == [["0", "1", "2"], ["3", "4"], ["5"], ["6", "7"]], "\(parts)")
    }

    @Test("Under the provider's own limits a batch holds at most 10,000 requests and 16 MB: memory follows one batch of that size, whatever the collection")
    func splitAtDocentsSize() {
        struct Large: ProviderBatches {
            let maxRequests = 50_000
            let maxBytes = 200 * 1024 * 1024
            func submit(_ items: [BatchItem]) async throws -> String { "" }
            func progress(_ id: String) async throws -> BatchProgress { BatchProgress(ended: true, status: "completed", total: 0, done: 0, failed: 0) }
            func results(_ id: String, expected: [String: BatchExpectation]) async throws -> [String: BatchItemResult] { [:] }
        }
        let model = BatchChatModel(base: OfflineStandIn(), batches: Large(), ledger: BatchLedger(directory: "/nonexistent"),
                                   cache: nil, wait: true, pollInterval: .seconds(1))
        let short = (0..<12_000).map { BatchItem(customID: "\($0)", request: ChatRequest(messages: [ChatMessage(.user, "x")])) }
        #expect(model.split(short).map(\.count) == [10_000, 2_000])
        // About 1 MB a request by Docent's estimate: 16 MB hold 15 of them.
        let long = (0..<40).map { BatchItem(customID: "\($0)", request: ChatRequest(messages: [ChatMessage(.user, String(repeating: "x", count: 512 * 1024))])) }
        #expect(model.split(long).map(\.count) == [15, 15, 10])
    }

    @Test("An answer a job counted is forgotten when the job is done: the model keeps what the jobs under way count, not every answer of the run")
    func releasedWithItsJob() {
        let model = BatchChatModel(base: OfflineStandIn(), batches: Small(), ledger: BatchLedger(directory: "/nonexistent"),
                                   cache: nil, wait: true, pollInterval: .seconds(1))
        let job = JobKey(artwork: "a-1", stage: .draft, audience: "general", language: "fr")
        let other = JobKey(artwork: "a-2", stage: .draft, audience: "general", language: "fr")
        let usage = TokenUsage(prompt: 10, completion: 5)
        model.paid("k1", usage: usage, by: job)
        #expect(model.claim("k1", by: job) == usage, "counted by its job in every round it walks past it")
        #expect(model.claim("k1", by: other) == nil, "another job asking the same pays nothing")
        model.release(other)
        #expect(model.claim("k1", by: job) == usage, "another job's end changes nothing")
        model.release(job)
        #expect(model.claim("k1", by: job) == nil && model.claim("k1", by: other) == nil)
    }

    struct OfflineStandIn: ChatModel {
        var descriptor: ModelDescriptor { ModelDescriptor(provider: .openai, model: "m") }
        func complete(_ request: ChatRequest) async throws -> ChatResponse { ChatResponse(text: "", usage: .zero) }
    }

    /// A batch that has ended with an answer for each of its requests; an answer to a request
    /// not given is read later, as the OpenAI and Anthropic readers do.
    final class Ended: ProviderBatches {
        let maxRequests = 100
        let maxBytes = 1 << 20
        let answers: [String: String]
        let submitted = Mutex(0)
        init(answers: [String: String]) { self.answers = answers }
        func submit(_ items: [BatchItem]) async throws -> String {
            submitted.withLock { $0 += items.count }
            return "batch-new"
        }
        func progress(_ id: String) async throws -> BatchProgress { BatchProgress(ended: true, status: "completed", total: answers.count, done: answers.count, failed: 0) }
        func results(_ id: String, expected: [String: BatchExpectation]) async throws -> [String: BatchItemResult] {
            answers.mapValues { text in
                let answer = BatchItemResult.answer(ChatResponse(text: text, usage: TokenUsage(prompt: 10, completion: 5)))
                return answer
            }.reduce(into: [:]) { results, item in
                results[item.key] = expected[item.key] == nil ? .unclaimed { _ in item.value } : item.value
            }
        }
    }

    final class Counting: ChatModel {
        let calls = Mutex(0)
        var descriptor: ModelDescriptor { ModelDescriptor(provider: .openai, model: "m") }
        func complete(_ request: ChatRequest) async throws -> ChatResponse {
            calls.withLock { $0 += 1 }
            return ChatResponse(text: "sent again", usage: .zero)
        }
    }

    @Test("A batch of an earlier run that ends when only some of its jobs have asked: the others read their answers from it later, nothing is sent again")
    func lateJobs() async throws {
        let folder = try TemporaryFolder()
        let requests = ["a", "b"].map { ChatRequest(messages: [ChatMessage(.user, "text \($0)")]) }
        let descriptor = ModelDescriptor(provider: .openai, model: "m")
        let ids = requests.map { AnswerCache.key($0, model: descriptor) }
        let ledger = BatchLedger(directory: folder.file(".docent/batches"))
        try ledger.save(.init(id: "batch-1", provider: "test", model: "m", submittedAt: "2026-12-01T00:00:00Z", customIDs: ids))
        let batches = Ended(answers: [ids[0]: "answer a", ids[1]: "answer b"])
        let base = Counting()
        let clock = VirtualGateClock()
        let model = BatchChatModel(base: base, batches: batches, ledger: ledger, cache: nil, wait: true, pollInterval: .seconds(30), waiting: clock)
        // Only a's job asks: it lets go at once, naming the batch that holds its request.
        await #expect(throws: BatchPending.self) { try await model.complete(requests[0]) }
        // Between rounds the batch is collected with it alone.
        #expect(await model.settle())
        #expect(ledger.entries().isEmpty, "collected")
        let a = try await model.complete(requests[0])
        #expect(a.text == "answer a" && a.usage.batch && a.usage.prompt == 10)
        #expect(try await model.complete(requests[1]).text == "answer b", "read from the batch, not sent again")
        #expect(clock.elapsed == .zero, "the batch had ended at the first look: no wait")
        #expect(batches.submitted.withLock { $0 } == 0 && base.calls.withLock { $0 } == 0)
    }

    /// A batch that ends at the `endsAt`-th look, answering each of its requests with its text reversed.
    final class EndsLater: ProviderBatches {
        let maxRequests = 100
        let maxBytes = 1 << 20
        let endsAt: Int
        let looks = Mutex(0)
        let sent = Mutex<[BatchItem]>([])
        init(endsAt: Int) { self.endsAt = endsAt }
        func submit(_ items: [BatchItem]) async throws -> String {
            sent.withLock { $0 += items }
            return "batch-\(sent.withLock { $0.count })"
        }
        func progress(_ id: String) async throws -> BatchProgress {
            let look = looks.withLock { $0 += 1; return $0 }
            return BatchProgress(ended: look >= endsAt, status: look >= endsAt ? "completed" : "in_progress", total: 1, done: 0, failed: 0)
        }
        func results(_ id: String, expected: [String: BatchExpectation]) async throws -> [String: BatchItemResult] {
            sent.withLock { items in
                Dictionary(uniqueKeysWithValues: items.map { item in
                    (item.customID, BatchItemResult.answer(ChatResponse(text: String(item.request.messages[0].content.reversed()), usage: TokenUsage(prompt: 3, completion: 2))))
                })
            }
        }
    }

    @Test("Between rounds the poller waits with the injected clock: a batch that ends at the third look waits two poll intervals; the answer goes to the cache and is counted once it is used")
    func pollerClock() async throws {
        let folder = try TemporaryFolder()
        let batches = EndsLater(endsAt: 3)
        let clock = VirtualGateClock()
        let cache = AnswerCache(directory: folder.file(".docent/cache"))
        let model = BatchChatModel(base: Counting(), batches: batches, ledger: BatchLedger(directory: folder.file(".docent/batches")),
                                   cache: cache, wait: true, pollInterval: .seconds(30), waiting: clock)
        let request = ChatRequest(messages: [ChatMessage(.user, "abc")])
        await #expect(throws: BatchPending.self) { try await model.complete(request) }
        #expect(batches.sent.withLock { $0.count } == 0, "queued, not sent during the round")
        #expect(await model.settle())
        #expect(clock.elapsed == .seconds(60), "two waits of 30 s on the virtual clock")
        #expect(batches.sent.withLock { $0.count } == 1)
        let key = AnswerCache.key(request, model: model.descriptor)
        #expect(cache.load(key)?.text == "cba", "stored in the cache, not held by the job")
        let job = JobKey(artwork: "a", stage: .draft, audience: "general", language: "fr")
        #expect(model.claim(key, by: job) == TokenUsage(prompt: 3, completion: 2, batch: true))
        #expect(model.claim(key, by: job) == TokenUsage(prompt: 3, completion: 2, batch: true), "the same job, next round: counted again in its record")
        #expect(model.claim(key, by: JobKey(artwork: "b", stage: .draft, audience: "general", language: "fr")) == nil, "another job shares it for nothing")
        #expect(await model.settle() == false, "nothing left: no further round")
    }
}
