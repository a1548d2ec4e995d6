import Domain
import ArgumentParser
import Foundation

@main
struct Docent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docent",
        abstract: "Writes museum copy from artwork records, in batch, for people to review.",
        discussion: """
            Reads pipeline.json in the working directory (or --config PATH), the artwork records \
            and the templates, and writes drafts per audience and language to the output folder, \
            each with a human approval flag.

            Exit codes: 0 all good; 1 some jobs failed or problems were found; 64 bad command line; \
            65 bad input data; 69 endpoint unreachable; 74 a file could not be written; 75 busy \
            (another run, or the answer cache in use); 78 bad configuration; 130 interrupted.
            """,
        version: DocentVersion.line,
        subcommands: [InitCommand.self, RunCommand.self, PlanCommand.self, StatusCommand.self, ApproveCommand.self, RejectCommand.self, UndoCommand.self, DiffCommand.self, AcceptCommand.self, ExportCommand.self, CheckCommand.self, StyleCommand.self, ProofCommand.self, RecordsCommand.self, CacheCommand.self, ReviewCommand.self],
        defaultSubcommand: nil)
}

/// Exit codes (sysexits), as documented in the README.
enum Exit {
    static let failures = ExitCode(1)
    static let usage = ExitCode(64)
    static let dataError = ExitCode(65)
    static let unavailable = ExitCode(69)
    /// The run's own files (review page, report, answer cache) could not all be written.
    static let ioError = ExitCode(74)
    /// Another run holds the workspace (`docent run` without `--wait`).
    static let busy = ExitCode(75)
    static let config = ExitCode(78)
    static let interrupted = ExitCode(130)

    /// The code for an error a command stops on, by what it means: another process holds what
    /// is needed (75), a file of the project that cannot be used (78), a file not written (74),
    /// a command line that cannot be carried out (64, and a code already chosen stays);
    /// anything else gets what the command says such an error means (`otherwise`).
    static func code(for error: any Error, otherwise: ExitCode = failures) -> ExitCode {
        switch error {
        case let code as ExitCode: code
        case is ValidationError: usage
        case is Busy: busy
        case is FileProblem: config
        case is AtomicFile.WriteError: ioError
        default: otherwise
        }
    }

    /// Says on standard error what stopped the command (`context: error`), unless it was said
    /// already (an exit code), and gives the code to exit with.
    static func failing(_ error: any Error, _ context: String? = nil, otherwise: ExitCode) -> ExitCode {
        if !(error is ExitCode) {
            printError(context.map { "\($0): \(error)" } ?? "\(error)")
        }
        return code(for: error, otherwise: otherwise)
    }
}

/// Options every command that reads the project understands.
struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: "The pipeline configuration.")
    var config: String = "pipeline.json"

    @Option(name: .long, help: "Output folder (overrides output.dir).")
    var output: String?

    @Option(name: .long, parsing: .upToNextOption, help: "Record files or folders (override sources.artworks).")
    var artworks: [String] = []

    @Option(name: .long, help: "Requests in flight (overrides limits.jobs).")
    var jobs: Int?

    func validate() throws {
        if let jobs, !(1...1024).contains(jobs) {
            throw ValidationError("--jobs must be between 1 and 1024")
        }
    }

    var overrides: Workspace.Overrides {
        Workspace.Overrides(output: output, artworks: artworks, jobs: jobs)
    }
}

import Pipeline
import Project
import Prose
import Review

/// Writes a line to standard error, with control characters from records, files or endpoints
/// made visible (never sent to the terminal).
func printError(_ text: String) {
    FileHandle.standardError.write(Data((TerminalText.safe(text) + "\n").utf8))
}

/// Standard output, the same way: every `print` of the CLI goes through here.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Swift.print(TerminalText.safe(items.map { "\($0)" }.joined(separator: separator)), terminator: terminator)
}

/// Rewrites output/index.html after an approval, a rejection or an accepted proposal; says so
/// when it cannot (the files themselves are already written).
func refreshReviewPage(config: PipelineConfig, layout: OutputLayout) {
    do {
        try ReviewPage.write(config: config, layout: layout)
    } catch {
        printError("warning: the review page was not updated: \(error)")
    }
}
