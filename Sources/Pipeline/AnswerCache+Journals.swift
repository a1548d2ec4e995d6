import Foundation
import GRDB
import LLM

extension AnswerCache {
    /// One line of the append-only journals (`answers-….jsonl`) that Docent kept answers in
    /// before the database: an answer, or a record that a run used one.
    struct JournalLine: Decodable {
        var key: String?
        var storedAt: String?
        var provider: String?
        var model: String?
        var text: String?
        var finishReason: ChatResponse.FinishReason?
        var usage: TokenUsage?
        var used: String?
        var at: String?

        enum CodingKeys: String, CodingKey {
            case key, storedAt = "stored_at", provider, model, text, finishReason = "finish_reason", usage, used, at
        }
    }

    /// Moves the answers of journals written by an earlier version into the database, once
    /// (so that upgrading pays for nothing again), then removes the journals. A line cut short
    /// by a crash does not decode and is left out.
    static func importJournals(in directory: String, into database: DatabaseQueue) throws {
        let journals = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasPrefix("answers-") && $0.hasSuffix(".jsonl") }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
        guard !journals.isEmpty else { return }
        try database.write { db in
            for journal in journals {
                let text = (try? String(contentsOfFile: journal, encoding: .utf8)) ?? ""
                for line in text.split(separator: "\n") {
                    guard let entry = try? JSONDecoder().decode(JournalLine.self, from: Data(line.utf8)) else { continue }
                    if let key = entry.key, let storedAt = entry.storedAt, let text = entry.text, let usage = entry.usage {
                        let answer = Answer(key: key, storedAt: storedAt, usedAt: nil, provider: entry.provider ?? "", model: entry.model ?? "",
                                            text: text, finishReason: entry.finishReason ?? .stop,
                                            promptTokens: usage.prompt, completionTokens: usage.completion)
                        try answer.save(db)
                    } else if let key = entry.used, let at = entry.at {
                        try db.execute(sql: "UPDATE answers SET used_at = max(coalesce(used_at, ''), ?) WHERE key = ?", arguments: [at, key])
                    }
                }
            }
        }
        for journal in journals { try? FileManager.default.removeItem(atPath: journal) }
    }
}
