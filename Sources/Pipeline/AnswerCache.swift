import Foundation
import LLM
import Prose
import Review
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Answers stored content-addressed under `.docent/cache/` before anything uses them, so that
/// a run killed at any moment and started again pays for nothing twice. The key is the
/// SHA-256 of the provider, model, parameters and messages; no key or header is ever stored.
///
/// The answers live in append-only journals (`answers-….jsonl`, one JSON object a line), one
/// per run that stored something: an answer costs one `write` to a file that is already open,
/// not a new file with its own fsync. A line is in the page cache once `write` returns, so a
/// killed run loses nothing; the journal is flushed to disk every few seconds and when the run
/// ends. A line cut short by a crash has no newline and is ignored.
public final class AnswerCache: Sendable {
    public let directory: String
    private let state = Mutex(State())

    public init(directory: String) {
        self.directory = directory
    }

    deinit {
        state.withLock { state in
            // A run that only took answers from the cache still records that it used them.
            if !state.used.isEmpty { _ = state.openWriter(directory: directory) }
            state.close()
        }
    }

    /// An answer as a journal line holds it (written by `line(key:entry:)`).
    struct Entry: Codable {
        var storedAt: String
        var provider: String
        var model: String
        var text: String
        var finishReason: ChatResponse.FinishReason
        var usage: TokenUsage

        enum CodingKeys: String, CodingKey {
            case storedAt = "stored_at", provider, model, text, finishReason = "finish_reason", usage
        }
    }

    /// Where an answer is: which journal, and the byte range of its line.
    struct Location {
        var journal: Int
        var offset: Int
        var length: Int
    }

    struct State {
        var loaded = false
        var journals: [String] = []
        var index: [String: Location] = [:]
        /// Keys answered from the cache in this run: recorded as used when the cache closes.
        var used: Set<String> = []
        var writer: Int32 = -1
        var writerJournal = -1
        var writerOffset = 0
        var lastSync = ContinuousClock.now
        /// Held shared while a run uses the cache, so that `prune` never compacts under it.
        var lock: Int32 = -1
        /// The folder still has one-file-per-answer entries of an earlier version.
        var hasLegacyFolders = false
        /// Answers this run could not store (a full disk, a read-only folder) and why.
        var storeFailures = 0
        var lastStoreProblem: String?

        mutating func close() {
            if writer >= 0 {
                appendUsage()
                fdatasync(writer)
                Glibc.close(writer)
                writer = -1
                // Opened ahead (`prepare`) by a run that stored nothing: not kept.
                if writerOffset == 0 { unlink(journals[writerJournal]) }
            }
            if lock >= 0 {
                Glibc.close(lock)
                lock = -1
            }
        }

        /// Appends "used" lines for the answers this run took from the cache (`prune` keeps them).
        mutating func appendUsage() {
            guard writer >= 0, !used.isEmpty else { return }
            let now = Timestamp.string(Date())
            let lines = used.sorted().map { "{\"used\":\"\($0)\",\"at\":\"\(now)\"}\n" }.joined()
            let bytes = Array(lines.utf8)
            if AnswerCache.writeAll(writer, bytes) { writerOffset += bytes.count }
            used.removeAll()
        }
    }

    static let journalPrefix = "answers-"
    static let journalSuffix = ".jsonl"
    static let keyPrefix = Array("{\"key\":\"".utf8)
    static let usedPrefix = Array("{\"used\":\"".utf8)

    public static func key(_ request: ChatRequest, model: ModelDescriptor) -> String {
        String(InputsHash.of(request, model: model).dropFirst("sha256:".count))
    }

    /// Builds the index and opens this run's journal ahead (as a run starts, while its first
    /// jobs are prepared), so that the first answer does not wait for a file to be made and its
    /// folder synced. A journal left empty is removed at the end.
    public func prepare() {
        state.withLock { $0.loadIfNeeded(directory: directory) }
        // The file is made (and the folder synced) outside the lock: lookups go on meanwhile.
        guard let journal = Self.createJournal(in: directory) else { return }
        let unused = state.withLock { state -> Bool in
            // A store may have opened one in the meantime.
            guard state.writer < 0 else { return true }
            state.install(journal)
            return false
        }
        if unused {
            Glibc.close(journal.fd)
            unlink(journal.path)
        }
    }

    /// A new, empty journal for this run, its name made durable.
    static func createJournal(in directory: String) -> (fd: Int32, path: String)? {
        let stamp = Timestamp.string(Date()).filter { $0.isNumber }
        let path = (directory as NSString).appendingPathComponent(
            "\(journalPrefix)\(stamp)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))\(journalSuffix)")
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        // The new file's name is made durable once, here, not per answer.
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            Glibc.close(folder)
        }
        return (fd, path)
    }

    /// Answers this run could not store, and the last reason: a rerun pays for them again.
    public var storeProblems: (count: Int, reason: String?) {
        state.withLock { ($0.storeFailures, $0.lastStoreProblem) }
    }

    /// The stored answer for `key`. `markUsed` records the use (for `prune`); a dry run
    /// (`plan`) only looks, so that it writes nothing.
    public func load(_ key: String, markUsed: Bool = true) -> ChatResponse? {
        let (journal, location) = state.withLock { state -> (String?, Location?) in
            state.loadIfNeeded(directory: directory)
            guard let location = state.index[key] else { return (nil, nil) }
            if markUsed { state.used.insert(key) }
            return (state.journals[location.journal], location)
        }
        if let journal, let location, let line = Self.read(journal, location), let entry = Self.decode(line, key: key) {
            return ChatResponse(text: entry.text, finishReason: entry.finishReason, usage: entry.usage, attempts: 0)
        }
        return legacyLoad(key)
    }

    public func store(_ response: ChatResponse, key: String, model: ModelDescriptor) {
        let entry = Entry(storedAt: Timestamp.string(Date()), provider: model.provider, model: model.model, text: response.text,
                          finishReason: response.finishReason, usage: response.usage)
        guard let line = Self.line(key: key, entry: entry) else { return }
        state.withLock { state in
            state.loadIfNeeded(directory: directory)
            guard state.openWriter(directory: directory) else {
                state.storeFailures += 1
                state.lastStoreProblem = "cannot create a journal in \(directory): \(String(cString: strerror(errno)))"
                return
            }
            let offset = state.writerOffset
            guard Self.writeAll(state.writer, line) else {
                // A short write (disk full): the journal may end mid-line, so start a new one;
                // one that holds nothing whole is not left behind.
                state.storeFailures += 1
                state.lastStoreProblem = "cannot write to \(state.journals[state.writerJournal]): \(String(cString: strerror(errno)))"
                Glibc.close(state.writer)
                state.writer = -1
                if state.writerOffset == 0 { unlink(state.journals[state.writerJournal]) }
                return
            }
            state.writerOffset += line.count
            state.index[key] = Location(journal: state.writerJournal, offset: offset, length: line.count - 1)
            // Flushed to disk every few seconds, not per answer: a kill loses nothing (the
            // kernel has the bytes); a power cut loses at most the last seconds' answers.
            if state.lastSync.duration(to: .now) > .seconds(5) {
                state.lastSync = .now
                let fd = dup(state.writer)
                if fd >= 0 {
                    Self.syncQueue.async {
                        fdatasync(fd)
                        Glibc.close(fd)
                    }
                }
            }
        }
    }

    private static let syncQueue = DispatchQueue(label: "docent.cache-sync")

    /// `{"key":"<hex>",…entry…}` and a newline: the key first, so that an index is built
    /// without decoding the answers.
    static func line(key: String, entry: Entry) -> [UInt8]? {
        guard key.utf8.count == 64, key.utf8.allSatisfy(isHexDigit) else { return nil }
        guard let fields = try? JSONEncoder.docentCompact.encode(entry) else { return nil }
        return keyPrefix + Array(key.utf8) + Array("\",".utf8) + fields.dropFirst() + [UInt8(ascii: "\n")]
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    static func decode(_ line: [UInt8], key: String) -> Entry? {
        guard self.key(ofLine: line[...]) == key else { return nil }
        return try? JSONDecoder().decode(Entry.self, from: Data(entryJSON(ofLine: line[...])))
    }

    /// The key of an answer's line, or nil for any other line.
    static func key(ofLine line: ArraySlice<UInt8>) -> String? {
        guard line.count > keyPrefix.count + 66, line.starts(with: keyPrefix) else { return nil }
        let start = line.startIndex + keyPrefix.count
        let key = line[start..<start + 64]
        guard key.allSatisfy(isHexDigit), line[start + 64] == UInt8(ascii: "\""), line[start + 65] == UInt8(ascii: ",") else { return nil }
        return String(decoding: key, as: UTF8.self)
    }

    /// The answer's fields as a JSON object (the line without its key).
    static func entryJSON(ofLine line: ArraySlice<UInt8>) -> [UInt8] {
        [UInt8(ascii: "{")] + line[(line.startIndex + keyPrefix.count + 66)...]
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { AtomicFile.writeAll(fd, $0) } == nil
    }

    static func read(_ path: String, _ location: Location) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: location.length)
        let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, location.length, off_t(location.offset)) }
        return count == location.length ? bytes : nil
    }

    /// An answer stored by an earlier version of Docent, one file per answer (`ab/<key>.json`).
    private func legacyLoad(_ key: String) -> ChatResponse? {
        struct Legacy: Codable {
            var text: String
            var finishReason: ChatResponse.FinishReason
            var usage: TokenUsage
        }
        guard state.withLock({ $0.hasLegacyFolders }) else { return nil }
        let path = (directory as NSString).appendingPathComponent("\(key.prefix(2))/\(key).json")
        guard let data = FileManager.default.contents(atPath: path), let entry = try? JSONDecoder().decode(Legacy.self, from: data) else { return nil }
        return ChatResponse(text: entry.text, finishReason: entry.finishReason, usage: entry.usage, attempts: 0)
    }
}

extension AnswerCache.State {
    /// Builds the index from the journals on first use (keys only; answers are read on a hit).
    mutating func loadIfNeeded(directory: String) {
        guard !loaded else { return }
        loaded = true
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let lockPath = (directory as NSString).appendingPathComponent(".lock")
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if fd >= 0 {
            flock(fd, LOCK_SH)
            lock = fd
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        hasLegacyFolders = names.contains { $0.utf8.count == 2 && $0.utf8.allSatisfy(AnswerCache.isHexDigit) }
        for name in names where name.hasPrefix(AnswerCache.journalPrefix) && name.hasSuffix(AnswerCache.journalSuffix) {
            let path = (directory as NSString).appendingPathComponent(name)
            journals.append(path)
            AnswerCache.scan(path) { line, offset in
                guard let key = AnswerCache.key(ofLine: line) else { return }
                index[key] = AnswerCache.Location(journal: journals.count - 1, offset: offset, length: line.count)
            }
        }
    }

    /// Opens this run's journal on its first answer.
    mutating func openWriter(directory: String) -> Bool {
        if writer >= 0 { return true }
        guard let journal = AnswerCache.createJournal(in: directory) else { return false }
        install(journal)
        return true
    }

    /// Makes `journal` the one this run appends to.
    mutating func install(_ journal: (fd: Int32, path: String)) {
        writer = journal.fd
        writerOffset = 0
        journals.append(journal.path)
        writerJournal = journals.count - 1
    }
}

extension AnswerCache {
    /// Calls `body` with each complete line of a journal (newline excluded) and its offset,
    /// reading a megabyte at a time.
    static func scan(_ path: String, _ body: (ArraySlice<UInt8>, Int) -> Void) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var pending: [UInt8] = []
        var pendingOffset = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            pending += chunk[0..<count]
            var start = 0
            while start < pending.count, let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                body(pending[start..<newline], pendingOffset + start)
                start = newline + 1
            }
            pending.removeFirst(start)
            pendingOffset += start
        }
    }
}

extension AnswerCache {
    public struct Busy: Error, CustomStringConvertible {
        public var description: String { "a run is using the answer cache; prune it when the run has ended" }
    }

    /// Removes answers neither stored nor used for `days` days (0: all) and compacts the
    /// journals into one; returns how many answers and how many bytes went. Refuses while a
    /// run holds the cache.
    public func prune(olderThan days: Double, now: Date = Date()) throws -> (files: Int, bytes: Int) {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let lock = open((directory as NSString).appendingPathComponent(".lock"), O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw AtomicFile.WriteError(path: directory, reason: String(cString: strerror(errno))) }
        defer { close(lock) }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else { throw Busy() }

        struct Used: Decodable { var used: String; var at: String }
        struct Stored: Decodable { var storedAt: String; enum CodingKeys: String, CodingKey { case storedAt = "stored_at" } }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        let journals = names.filter { $0.hasPrefix(Self.journalPrefix) && $0.hasSuffix(Self.journalSuffix) }
            .map { (directory as NSString).appendingPathComponent($0) }
        // The latest line of each answer, and when it was last stored or used.
        var latest: [String: [UInt8]] = [:]
        var lastUse: [String: String] = [:]
        var entries = 0, oldBytes = 0
        for journal in journals {
            oldBytes += ((try? FileManager.default.attributesOfItem(atPath: journal))?[.size] as? Int) ?? 0
            Self.scan(journal) { line, _ in
                if let key = Self.key(ofLine: line) {
                    guard let stored = try? JSONDecoder().decode(Stored.self, from: Data(Self.entryJSON(ofLine: line))) else { return }
                    entries += 1
                    latest[key] = Array(line)
                    lastUse[key] = max(lastUse[key] ?? "", stored.storedAt)
                } else if line.starts(with: Self.usedPrefix), let used = try? JSONDecoder().decode(Used.self, from: Data(line)) {
                    lastUse[used.used] = max(lastUse[used.used] ?? "", used.at)
                }
            }
        }
        let parser = ISO8601DateFormatter()
        let keep = latest.filter { key, _ in
            guard days > 0, let last = lastUse[key].flatMap(parser.date(from:)) else { return false }
            return now.timeIntervalSince(last) <= days * 86_400
        }
        var compacted: [UInt8] = []
        for (key, line) in keep.sorted(by: { $0.key < $1.key }) {
            compacted += line
            compacted.append(UInt8(ascii: "\n"))
            compacted += Array("{\"used\":\"\(key)\",\"at\":\"\(lastUse[key] ?? "")\"}\n".utf8)
        }
        if !keep.isEmpty {
            let stamp = Timestamp.string(now).filter { $0.isNumber }
            try AtomicFile.write(Data(compacted), to: (directory as NSString).appendingPathComponent("\(Self.journalPrefix)\(stamp)-compacted-\(getpid())-\(UInt32.random(in: 0...UInt32.max))\(Self.journalSuffix)"))
        }
        for journal in journals { unlink(journal) }
        var removed = entries - keep.count
        var bytes = max(0, oldBytes - (keep.isEmpty ? 0 : compacted.count))
        // One-file-per-answer entries of an earlier version: by their modification time.
        for name in names where name.utf8.count == 2 && name.utf8.allSatisfy(Self.isHexDigit) {
            let folder = (directory as NSString).appendingPathComponent(name)
            for file in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where file.hasSuffix(".json") {
                let path = (folder as NSString).appendingPathComponent(file)
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                      let modified = attributes[.modificationDate] as? Date,
                      now.timeIntervalSince(modified) > days * 86_400, unlink(path) == 0 else { continue }
                removed += 1
                bytes += attributes[.size] as? Int ?? 0
            }
            rmdir(folder)
        }
        return (removed, bytes)
    }
}
