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
        let acceptance: ApprovalDesk.Acceptance
        do {
            acceptance = try ApprovalDesk().accept(target.artwork, name, in: layout)
        } catch {
            printError("\(displayPath(path)): \(error)")
            throw Exit.dataError
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
        commandName: "export", abstract: "Export every draft: CSV for spreadsheets, JSON for a CMS.")

    @OptionGroup var project: ProjectOptions
    @Option(name: .long, help: "Write a CSV file (one row per draft).") var csv: String?
    @Option(name: .long, help: "Write a JSON file.") var json: String?

    func validate() throws {
        if csv == nil && json == nil { throw ValidationError("name --csv FILE, --json FILE or both") }
    }

    func run() async throws {
        let (_, layout) = try Workspace.configForCommand(project)
        let export = DraftExport(layout: layout)
        if let csv { try write(export.csv(), to: csv) }
        if let json { try write(String(decoding: try JSONEncoder.docentPretty.encode(export.rows), as: UTF8.self) + "\n", to: json) }
        printError("exported \(export.rows.count) drafts")
    }

    func write(_ text: String, to path: String) throws {
        do {
            try AtomicFile.write(text, to: path)
        } catch {
            printError("\(error)")
            throw Exit.dataError
        }
    }
}
