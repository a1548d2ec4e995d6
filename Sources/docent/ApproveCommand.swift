import Domain
import ArgumentParser
import Foundation
import Pipeline
import Project
import Review

/// `ID` or `ID/DRAFT` (DRAFT as `general.fr`, `draft.general.fr` or `draft.general.fr.md`).
struct DraftTarget: ExpressibleByArgument {
    var artwork: String
    var draft: DraftName?

    init?(argument: String) {
        let parts = argument.split(separator: "/", maxSplits: 1).map(String.init)
        guard let id = parts.first, !id.isEmpty else { return nil }
        artwork = id
        if parts.count == 2 {
            guard let name = DraftName(parsing: parts[1]) else { return nil }
            draft = name
        }
    }

    /// The draft files this target names.
    func paths(in layout: OutputLayout) throws -> [String] {
        let folder: String
        do {
            folder = try layout.folder(for: artwork)
        } catch {
            printError("\(error)")
            throw Exit.usage
        }
        let names = draft.map { [$0] } ?? layout.draftNames(for: artwork)
        let paths = names.map { (folder as NSString).appendingPathComponent($0.fileName) }
            .filter { FileManager.default.fileExists(atPath: $0) }
        if paths.isEmpty {
            printError("no draft \(artwork)\(draft.map { "/\($0.fileName)" } ?? "") in \(displayPath(layout.root))/")
            throw Exit.dataError
        }
        return paths
    }
}

/// The person doing a review action: --by, else the login name ($USER, $LOGNAME, the
/// account's); with none of them the command asks for --by rather than write "unknown".
func reviewer(_ by: String?, option: String = "--by") throws -> String {
    if let name = by?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty {
        guard name.count <= 100 else {
            printError("\(option) needs a name of 1 to 100 characters")
            throw Exit.usage
        }
        return name
    }
    let environment = ProcessInfo.processInfo.environment
    if let name = environment["USER"] ?? environment["LOGNAME"], !name.isEmpty { return name }
    if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name, name.pointee != 0 { return String(cString: name) }
    printError("say who you are: \(option) NAME (there is no login name to take)")
    throw Exit.usage
}

struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve drafts: a run never rewrites an approved draft.")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "ID (every draft of an artwork) or ID/DRAFT, e.g. 'monet-1872/general.fr'.")
    var targets: [DraftTarget] = []

    @Option(name: .long, help: "Who approves (default: $USER).")
    var by: String?

    @Flag(name: .long, help: "Approve every output with no check at error or warning level (and not stale), across the output folder.")
    var allPassing = false

    @Flag(name: .long, help: "With --all-passing: outputs with warnings too (never errors).")
    var includeWarnings = false

    @Flag(name: .long, help: "Say what would be approved, and approve nothing.")
    var dryRun = false

    func validate() throws {
        if targets.isEmpty && !allPassing { throw ValidationError("name at least one draft (ID or ID/DRAFT), or --all-passing") }
        if !targets.isEmpty && allPassing { throw ValidationError("--all-passing approves across the output folder: name no drafts with it") }
        if includeWarnings && !allPassing { throw ValidationError("--include-warnings goes with --all-passing") }
    }

    func run() async throws {
        let (config, layout) = try Workspace.configForCommand(project)
        let desk = ApprovalDesk()
        var failed = false
        var paths: [String] = []
        if allPassing {
            let open = DraftStatus.scan(layout).filter { !$0.flagged && !$0.stale && $0.state != .approved && $0.state != .unreadable }
            let passing = open.filter { includeWarnings || $0.warnings == 0 }
            paths = passing.compactMap { status in DraftName(parsing: status.draft).flatMap { try? layout.draftPath(status.artwork, $0) } }
            let withWarnings = passing.filter { $0.warnings > 0 }.count
            let leftOut = open.count - passing.count
            printError("\(dryRun ? "would approve" : "approving") \(paths.count) output\(paths.count == 1 ? "" : "s") with no error-level check"
                       + (includeWarnings ? ", \(withWarnings) of them with warnings" : "")
                       + (leftOut > 0 ? "; \(leftOut) with warnings left out (--include-warnings approves them too)" : ""))
        }
        for target in targets { paths += try target.paths(in: layout) }
        if dryRun {
            for path in paths { print("would approve \(displayPath(path))") }
            return
        }
        let outcomes = await desk.approveAll(paths, by: try reviewer(by))
        for (path, problem) in zip(paths, outcomes) {
            if let problem {
                printError("\(displayPath(path)): \(problem)")
                failed = true
            } else {
                print("approved \(displayPath(path))")
            }
        }
        refreshReviewPage(config: config, layout: layout)
        if failed { throw Exit.dataError }
    }
}

struct RejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Reject a draft with a note; the next run rewrites it with the note as feedback.")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "ID/DRAFT, e.g. 'monet-1872/general.fr'.")
    var target: DraftTarget

    @Option(name: .long, help: "What should change (given to the model).")
    var note: String

    @Option(name: .long, help: "Who rejects (default: $USER).")
    var by: String?

    func validate() throws {
        if target.draft == nil { throw ValidationError("name one draft: ID/DRAFT, e.g. 'monet-1872/general.fr'") }
        if note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("--note must say what should change") }
    }

    func run() async throws {
        let (config, layout) = try Workspace.configForCommand(project)
        defer { refreshReviewPage(config: config, layout: layout) }
        for path in try target.paths(in: layout) {
            do {
                try ApprovalDesk().reject(path: path, by: try reviewer(by), note: note)
                print("rejected \(displayPath(path)); the next run rewrites it with your note")
            } catch {
                throw Exit.failing(error, displayPath(path), otherwise: Exit.dataError)
            }
        }
    }
}

struct UndoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Undo the last review action (approve, reject, edit, accept) recorded in output/audit.jsonl; again for the one before.")

    @OptionGroup var project: ProjectOptions

    @Option(name: .long, help: "Undo this person's last action (default: the last action of anyone).")
    var by: String?

    func run() async throws {
        let (config, layout) = try Workspace.configForCommand(project)
        do {
            let entry = try ApprovalDesk(actor: try reviewer(by)).undo(in: layout, by: by)
            print("undid the \(entry.action.rawValue) of \(entry.file)\(entry.by.map { " by \($0)" } ?? "") at \(entry.at)")
        } catch let refused as ApprovalDesk.UndoRefused {
            printError("\(refused)")
            throw Exit.dataError
        }
        refreshReviewPage(config: config, layout: layout)
    }
}
