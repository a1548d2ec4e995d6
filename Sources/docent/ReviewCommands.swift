import Domain
import ArgumentParser
import Foundation
import Prose
import Pipeline
import Project
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
            throw Exit.failing(error, displayPath(path), otherwise: Exit.dataError)
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
        let acceptance: ApprovalDesk.Acceptance
        do {
            acceptance = try ApprovalDesk().accept(target.artwork, name, in: layout)
        } catch {
            throw Exit.failing(error, displayPath(path), otherwise: Exit.dataError)
        }
        guard case .accepted(let history) = acceptance else {
            printError("\(displayPath(path)) has no proposal to accept")
            throw Exit.dataError
        }
        refreshReviewPage(config: config, layout: layout)
        print("accepted the proposal for \(displayPath(path)); the previous version is in \(displayPath(history))")
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export for a CMS: per artwork and language, the record's facts, the texts by audience, the SEO fields and alt text.",
        discussion: "CSV (UTF-8 with a byte-order mark, for Excel too), JSON or JSON Lines. --approved-only keeps what people approved for the inputs as they are now.")

    @OptionGroup var project: ProjectOptions
    @Option(name: .long, help: "Write a CSV file (one row per artwork and language).") var csv: String?
    @Option(name: .long, help: "Write a JSON file (a list of entries).") var json: String?
    @Option(name: .long, help: "Write a JSON Lines file (one entry a line).") var jsonl: String?
    @Flag(name: .long, help: "Only approved outputs that are not stale: what may be published.") var approvedOnly = false

    func validate() throws {
        if csv == nil && json == nil && jsonl == nil { throw ValidationError("name --csv FILE, --json FILE or --jsonl FILE (or several)") }
    }

    func run() async throws {
        let (config, layout) = try Workspace.configForCommand(project)
        let export = DraftExport(layout: layout, audiences: config.audiences.map(\.name), approvedOnly: approvedOnly)
        if let csv { try write(export.csv(), to: csv) }
        if let json { try write(String(decoding: try JSONEncoder.docentPretty.encode(export.entries), as: UTF8.self) + "\n", to: json) }
        if let jsonl { try write(try export.jsonLines(), to: jsonl) }
        let texts = export.entries.reduce(0) { $0 + $1.texts.count }
        printError("exported \(export.entries.count) artwork-language entr\(export.entries.count == 1 ? "y" : "ies") with \(texts) text\(texts == 1 ? "" : "s")"
                   + (approvedOnly ? " (approved and current only)" : ""))
    }

    func write(_ text: String, to path: String) throws {
        do {
            try AtomicFile.write(text, to: path)
        } catch {
            throw Exit.failing(error, otherwise: Exit.ioError)
        }
    }
}
