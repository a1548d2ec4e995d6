import Domain
import ArgumentParser
import Foundation
import Prose
import Pipeline
import Project
import Review

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show each draft's state: approved, pending, edited, stale, flagged, failed.")

    @OptionGroup var project: ProjectOptions

    @Flag(name: .long, help: "Machine-readable output.")
    var json = false

    struct Row: Codable {
        var status: DraftStatus?
        var failed: RunReport.Job?
    }

    func run() async throws {
        let (config, layout) = try Workspace.configForCommand(project)
        let drafts = DraftStatus.scan(layout)
        let lastRun = LastRun.read(in: layout)
        let failures = lastRun?.failures ?? []
        // Artwork folders no record named at the last run (its drafts are kept, not updated).
        let retired = lastRun?.retiredArtworks ?? []
        // Provider batches sent and not collected yet (`docent run --batch --no-wait`).
        struct Batch: Codable {
            var id: String
            var provider: String
            var model: String
            var submittedAt: String
            var requests: Int
            enum CodingKeys: String, CodingKey { case id, provider, model, submittedAt = "submitted_at", requests }
        }
        let batches = BatchLedger(directory: config.resolve(".docent/batches")).entries().map {
            Batch(id: $0.id, provider: $0.provider, model: $0.model, submittedAt: $0.submittedAt, requests: $0.customIDs.count)
        }
        if json {
            struct Output: Codable {
                var drafts: [DraftStatus]
                var failed: [RunReport.Job]
                var batches: [Batch]
                var retired: [String]
            }
            let encoder = JSONEncoder.docentPretty
            FileHandle.standardOutput.write(try encoder.encode(Output(drafts: drafts, failed: failures, batches: batches, retired: retired)))
            print()
            return
        }
        for batch in batches {
            print("Batch \(batch.id) in flight at \(batch.provider) (\(batch.model)): \(batch.requests) request\(batch.requests == 1 ? "" : "s"), sent \(batch.submittedAt); `docent run --batch` collects it.")
        }
        if drafts.isEmpty && failures.isEmpty {
            print("No drafts in \(displayPath(layout.root))/ yet: run 'docent run'.")
            return
        }
        let retiredIDs = Set(retired)
        var table: [[String]] = [["ARTWORK", "DRAFT", "STATE", "FLAGS", "APPROVED BY"]]
        for row in drafts {
            var flags: [String] = []
            if row.stale { flags.append("stale") }
            if row.errors > 0 { flags.append("\(row.errors) error\(row.errors == 1 ? "" : "s")") }
            if row.warnings > 0 { flags.append("\(row.warnings) warning\(row.warnings == 1 ? "" : "s")") }
            if row.reviewNote != nil && row.state != .approved { flags.append("rejected") }
            if retiredIDs.contains(row.artwork) { flags.append("no record") }
            table.append([row.artwork, row.draft, row.state.rawValue, flags.joined(separator: ", "), row.approvedBy ?? ""])
        }
        for job in failures {
            table.append([job.artwork, job.key.outputName.description, "failed", job.error ?? "", ""])
        }
        printTable(table)
        let count = { (state: DraftStatus.State) in drafts.filter { $0.state == state }.count }
        let kinds = OutputKind.allCases.map { kind in (kind, drafts.filter { DraftName(parsing: $0.draft)?.kind == kind }.count) }
        let breakdown = kinds.filter { $0.1 > 0 }.map { "\($0.1) \($0.0.noun)" }.joined(separator: ", ")
        print("\n\(drafts.count) outputs (\(breakdown)): \(count(.approved)) approved, \(count(.pending)) pending, \(count(.edited)) edited, "
              + "\(drafts.filter(\.stale).count) stale, \(drafts.filter(\.flagged).count) flagged, \(failures.count) failed")
        if !retired.isEmpty {
            print("\(retired.count) artwork folder\(retired.count == 1 ? " has" : "s have") no record any more (at the last run): "
                  + retired.prefix(10).joined(separator: ", ") + (retired.count > 10 ? " and \(retired.count - 10) more" : "")
                  + "; their drafts are kept, and no run updates them.")
        }
    }
}

/// Prints rows as left-aligned columns.
func printTable(_ rows: [[String]]) {
    guard let columns = rows.map(\.count).max() else { return }
    var widths = [Int](repeating: 0, count: columns)
    for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
    for row in rows {
        let cells = row.enumerated().map { i, cell in
            i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
        }
        print(cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
    }
}
