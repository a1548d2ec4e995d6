import Domain
import Foundation
import GRDB
import LLM
import Prose
import Review
import Synchronization

/// Answers stored content-addressed in `.docent/cache/answers.sqlite` (SQLite in WAL mode,
/// through GRDB) before anything uses them, so that a run killed at any moment and started
/// again pays for nothing twice: a committed answer is in the database file's log once the
/// insert returns. The key is the SHA-256 of the provider, model, parameters and messages; no
/// key or header is ever stored.
package final class AnswerCache: Sendable {
    package let directory: String
    private let state = Mutex(State())

    package init(directory: String) {
        self.directory = directory
    }

    deinit {
        // Uses not marked yet are marked when the cache is let go, whoever ends with it.
        markUses()
        state.withLock { state in
            if state.lock >= 0 { close(state.lock) }
        }
    }

    /// One stored answer: a row of the `answers` table.
    struct Answer: Codable, FetchableRecord, PersistableRecord {
        static let databaseTableName = "answers"
        var key: String
        var storedAt: String
        /// When a run last took it from the cache (nil: never); `prune` keeps recent ones.
        var usedAt: String?
        var provider: String
        var model: String
        var text: String
        var finishReason: ChatResponse.FinishReason
        var promptTokens: Int
        var completionTokens: Int

        enum CodingKeys: String, CodingKey, ColumnExpression {
            case key, storedAt = "stored_at", usedAt = "used_at", provider, model, text, finishReason = "finish_reason"
            case promptTokens = "prompt_tokens", completionTokens = "completion_tokens"
        }

        var response: ChatResponse {
            ChatResponse(text: text, finishReason: finishReason, usage: TokenUsage(prompt: promptTokens, completion: completionTokens), attempts: 0)
        }
    }

    struct State {
        var database: DatabaseQueue?
        var openProblem: String?
        var opened = false
        /// Held shared while a run uses the cache, so that `prune` never runs under it.
        var lock: Int32 = -1
        /// Answers this run could not store (a full disk, a read-only folder) and why.
        var storeFailures = 0
        var lastStoreProblem: String?
        /// Answers this run took, whose use is not marked in the database yet.
        var unmarkedUses: [String] = []
    }

    package static func key(_ request: ChatRequest, model: ModelDescriptor) -> String {
        key(inputs: InputsHash.of(request, model: model))
    }

    /// The key of a request whose inputs hash (`InputsHash`) is known.
    static func key(inputs: String) -> String {
        String(inputs.dropFirst("sha256:".count))
    }

    var databasePath: String { (directory as NSString).appendingPathComponent("answers.sqlite") }

    /// Opens the database ahead (as a run starts, while its first jobs are prepared).
    package func prepare() {
        _ = database()
    }

    /// The database, opened (and migrated) on first use; nil when it cannot be.
    private func database() -> DatabaseQueue? {
        state.withLock { state in
            if !state.opened {
                state.opened = true
                do {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                    state.lock = Self.lock(directory, exclusive: false)
                    state.database = try Self.open(databasePath)
                    try Self.importJournals(in: directory, into: state.database!)
                } catch {
                    state.openProblem = "cannot open the answer cache \(databasePath): \(error)"
                }
            }
            return state.database
        }
    }

    static func open(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let database = try DatabaseQueue(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("answers") { db in
            try db.create(table: "answers") { table in
                table.primaryKey("key", .text)
                table.column("stored_at", .text).notNull()
                table.column("used_at", .text)
                table.column("provider", .text).notNull()
                table.column("model", .text).notNull()
                table.column("text", .text).notNull()
                table.column("finish_reason", .text).notNull()
                table.column("prompt_tokens", .integer).notNull()
                table.column("completion_tokens", .integer).notNull()
            }
        }
        try migrator.migrate(database)
        return database
    }

    /// Answers this run could not store, and the last reason: a rerun pays for them again.
    package var storeProblems: (count: Int, reason: String?) {
        state.withLock { ($0.storeFailures, $0.lastStoreProblem) }
    }

    /// The stored answer for `key`. `markUsed` records the use (for `prune`); a dry run
    /// (`plan`) only looks, so that it writes nothing. Uses are marked 256 at a time in one
    /// transaction, and the rest when the run ends (`markUses`): a batch run looks each answer
    /// up again in every round, and a transaction per look was a tenth of its CPU. The lookup's
    /// statement is compiled once per connection (GRDB's query interface built its SQL again
    /// for every lookup: 4 % of a batch run's CPU, `perf record`). It runs outside a
    /// transaction: one SELECT is consistent on its own, and GRDB's `read` wrapped each lookup
    /// in a savepoint and a `PRAGMA query_only` switch, statements compiled again every time
    /// (7 % of a batch run's CPU, `perf record`, 200 artworks).
    package func load(_ key: String, markUsed: Bool = true) -> ChatResponse? {
        guard let database = database(),
              let answer = try? database.inDatabase({ db in
                  try Answer.fetchOne(db.cachedStatement(sql: "SELECT * FROM answers WHERE key = ?"), arguments: [key])
              }) else { return nil }
        let response = answer.response
        if markUsed {
            let due = state.withLock { state -> [String] in
                state.unmarkedUses.append(key)
                guard state.unmarkedUses.count >= 256 else { return [] }
                defer { state.unmarkedUses.removeAll(keepingCapacity: true) }
                return state.unmarkedUses
            }
            mark(due, in: database)
        }
        return response
    }

    /// Marks the uses not marked yet (the end of a run).
    package func markUses() {
        let due = state.withLock { state -> [String] in
            defer { state.unmarkedUses.removeAll() }
            return state.unmarkedUses
        }
        guard !due.isEmpty, let database = database() else { return }
        mark(due, in: database)
    }

    private func mark(_ keys: [String], in database: DatabaseQueue) {
        guard !keys.isEmpty else { return }
        let now = Timestamp.string(Date())
        _ = try? database.write { db in
            let statement = try db.cachedStatement(sql: "UPDATE answers SET used_at = ? WHERE key = ?")
            for key in keys { try statement.execute(arguments: [now, key]) }
        }
    }

    /// Stores an answer; false (and counted in `storeProblems`) when it could not be kept.
    @discardableResult
    package func store(_ response: ChatResponse, key: String, model: ModelDescriptor) -> Bool {
        store([(key, response)], model: model)
    }

    /// Stores answers in one transaction (a batch's results: one disk sync, not thousands).
    @discardableResult
    package func store(_ responses: [(key: String, response: ChatResponse)], model: ModelDescriptor) -> Bool {
        guard !responses.isEmpty else { return true }
        let now = Timestamp.string(Date())
        let answers = responses.map { key, response in
            Answer(key: key, storedAt: now, usedAt: nil, provider: model.provider.rawValue, model: model.model,
                   text: response.text, finishReason: response.finishReason,
                   promptTokens: response.usage.prompt, completionTokens: response.usage.completion)
        }
        do {
            guard let database = database() else {
                throw StoreProblem(description: state.withLock { $0.openProblem } ?? "the answer cache is not open")
            }
            try database.write { db in for answer in answers { try answer.insert(db, onConflict: .replace) } }
            return true
        } catch {
            state.withLock { state in
                state.storeFailures += answers.count
                state.lastStoreProblem = "\(error)"
            }
            return false
        }
    }

    struct StoreProblem: Error, CustomStringConvertible {
        var description: String
    }

    /// A shared (run) or exclusive (prune) lock on `.lock` in the cache folder: -1 when the
    /// exclusive one is taken by someone else.
    static func lock(_ directory: String, exclusive: Bool) -> Int32 {
        let fd = Foundation.open((directory as NSString).appendingPathComponent(".lock"), O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return -1 }
        guard flock(fd, exclusive ? LOCK_EX | LOCK_NB : LOCK_SH) == 0 else {
            close(fd)
            return -1
        }
        return fd
    }
}

extension AnswerCache {
    /// Removes answers neither stored nor used for `days` days (0: all) and gives the space
    /// back; returns how many answers and how many bytes went. Refuses while a run holds the
    /// cache.
    package func prune(olderThan days: Double, now: Date = Date()) throws -> (files: Int, bytes: Int) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let lock = Self.lock(directory, exclusive: true)
        guard lock >= 0 else { throw Busy("a run is using the answer cache; prune it when the run has ended") }
        defer { close(lock) }
        let database = try Self.open(databasePath)
        try Self.importJournals(in: directory, into: database)
        func size() -> Int {
            ["", "-wal"].reduce(0) { $0 + (((try? FileManager.default.attributesOfItem(atPath: databasePath + $1))?[.size] as? Int) ?? 0) }
        }
        let before = size()
        let cutoff = days > 0 ? Timestamp.string(now.addingTimeInterval(-days * 86_400)) : "~"
        let removed = try database.write { db in
            try db.execute(sql: "DELETE FROM answers WHERE max(stored_at, coalesce(used_at, '')) < ?", arguments: [cutoff])
            return db.changesCount
        }
        try database.vacuum()
        _ = try database.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        return (removed, max(0, before - size()))
    }
}
