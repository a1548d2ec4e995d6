import ArgumentParser
import Foundation
import Prose
import Pipeline
import Review

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Show, word by word, what a proposal changes in a draft.")

    @OptionGroup var project: ProjectOptions
    @Argument(help: "ID/DRAFT, e.g. 'monet-1872/general.fr'.") var target: DraftTarget

    func validate() throws {
        if target.draft == nil { throw ValidationError("name one draft: ID/DRAFT") }
    }

    func run() async throws {
        let (_, layout) = try Workspace.configForCommand(project)
        guard let path = try target.paths(in: layout).first, let name = target.draft else { return }
        let proposedPath = try layout.proposedPath(target.artwork, name)
        guard FileManager.default.fileExists(atPath: proposedPath) else {
            print("\(displayPath(path)) has no proposal: nothing to compare.")
            return
        }
        do {
            let current = try DraftDocument.read(at: path), proposal = try DraftDocument.read(at: proposedPath)
            print("--- \(displayPath(path))\n+++ \(displayPath(proposedPath))")
            print(WordDiff.plain(WordDiff.diff(current.body, proposal.body)))
        } catch {
            printError("\(displayPath(path)): \(error)")
            throw Exit.dataError
        }
    }
}

struct AcceptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Promote a proposal over its draft; the old draft is kept under output/.history/.")

    @OptionGroup var project: ProjectOptions
    @Argument(help: "ID/DRAFT, e.g. 'monet-1872/general.fr'.") var target: DraftTarget

    func validate() throws {
        if target.draft == nil { throw ValidationError("name one draft: ID/DRAFT") }
    }

    func run() async throws {
        let (config, layout) = try Workspace.configForCommand(project)
        guard let path = try target.paths(in: layout).first, let name = target.draft else { return }
        let proposedPath = try layout.proposedPath(target.artwork, name)
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "-")
        let history = ((layout.root as NSString).appendingPathComponent(".history/\(target.artwork)") as NSString)
            .appendingPathComponent("\(name.fileName.dropLast(3)).\(stamp).md")
        // Under the artwork's lock: a run cannot write the draft or the proposal meanwhile.
        let accepted: Bool
        do {
            accepted = try FolderLock.withLock(forFile: path) { () throws -> Bool in
                guard let proposal = FileManager.default.contents(atPath: proposedPath),
                      let current = FileManager.default.contents(atPath: path) else { return false }
                // The old text is safe on disk before anything is replaced.
                try AtomicFile.write(current, to: history)
                try AtomicFile.write(proposal, to: path)
                try FileManager.default.removeItem(atPath: proposedPath)
                return true
            }
        } catch {
            printError("\(displayPath(path)): \(error)")
            throw Exit.dataError
        }
        guard accepted else {
            printError("\(displayPath(path)) has no proposal to accept")
            throw Exit.dataError
        }
        refreshReviewPage(config: config, layout: layout)
        print("accepted the proposal for \(displayPath(path)); the previous version is in \(displayPath(history))")
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export every draft: CSV for spreadsheets, JSON for a CMS.")

    @OptionGroup var project: ProjectOptions
    @Option(name: .long, help: "Write a CSV file (one row per draft).") var csv: String?
    @Option(name: .long, help: "Write a JSON file.") var json: String?

    func validate() throws {
        if csv == nil && json == nil { throw ValidationError("name --csv FILE, --json FILE or both") }
    }

    struct Row: Codable {
        var artwork: String
        var audience: String
        var language: String
        var stage: String
        var status: String
        var approvedBy: String?
        var approvedAt: String?
        var checks: [DraftCheck]
        var text: String
        var file: String

        enum CodingKeys: String, CodingKey {
            case artwork, audience, language, stage, status, checks, text, file
            case approvedBy = "approved_by", approvedAt = "approved_at"
        }
    }

    func run() async throws {
        let (_, layout) = try Workspace.configForCommand(project)
        var rows: [Row] = []
        for status in DraftStatus.scan(layout) {
            guard let name = DraftName(parsing: status.draft), let path = try? layout.draftPath(status.artwork, name),
                  let document = try? DraftDocument.read(at: path) else { continue }
            var state = status.state.rawValue
            if status.stale { state += ", stale" }
            if status.flagged { state += ", flagged" }
            rows.append(Row(artwork: status.artwork, audience: name.audience, language: name.language, stage: document.frontMatter.stage,
                            status: state, approvedBy: status.approvedBy, approvedAt: status.approvedAt, checks: document.frontMatter.checks,
                            text: document.body.trimmingCharacters(in: .whitespacesAndNewlines), file: status.file))
        }
        if let csv {
            var lines = [["artwork", "audience", "language", "stage", "status", "approved_by", "checks", "text"].joined(separator: ",")]
            for row in rows {
                let checks = row.checks.map { "\($0.severity) \($0.rule): \($0.message)" }.joined(separator: "\n")
                lines.append([row.artwork, row.audience, row.language, row.stage, row.status, row.approvedBy ?? "", checks, row.text]
                    .map(Self.csvField).joined(separator: ","))
            }
            try write(lines.joined(separator: "\r\n") + "\r\n", to: csv)
        }
        if let json {
            let encoder = JSONEncoder.docentPretty
            try write(String(decoding: try encoder.encode(rows), as: UTF8.self) + "\n", to: json)
        }
        printError("exported \(rows.count) drafts")
    }

    func write(_ text: String, to path: String) throws {
        do {
            try AtomicFile.write(text, to: path)
        } catch {
            printError("\(error)")
            throw Exit.dataError
        }
    }

    /// RFC 4180: quoted when needed, quotes doubled. A leading =, +, - or @ is prefixed with
    /// an apostrophe so that spreadsheets do not run it as a formula.
    static func csvField(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
