import Domain
import ArgumentParser
import Foundation
import HTTP
import Prose
import Pipeline
import Project
import Review

/// The CI gate.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "CI gate: exit 1 with one line per problem (missing, failed, stale, flagged, unapproved).",
        discussion: "Writes GitHub annotations when GITHUB_ACTIONS is set; --junit FILE for test reporters.")

    @OptionGroup var project: ProjectOptions
    @Option(name: .long, help: "Write a JUnit XML report.") var junit: String?
    @Flag(name: .long, help: "Machine-readable output.") var json = false

    func run() async throws {
        var workspace = try Workspace.openForCommand(project)
        // The house style as a run would learn it (from .docent/house-style.json while the
        // site's files are unchanged): it is part of every inputs hash.
        let state = await withHTTPClient(maxConnections: 4) { client in await workspace.learnHouseStyle(client: client) }
        workspace.reportHouseStyle(state, quiet: true)
        let (problems, checked) = workspace.readiness(model: ModelFactory.descriptor(workspace.config), display: displayPath)
        if let junit {
            do {
                try AtomicFile.write(Readiness.junit(problems, checked: checked), to: junit)
            } catch {
                throw Exit.failing(error, otherwise: Exit.ioError)
            }
        }
        if json {
            FileHandle.standardOutput.write(try JSONEncoder.docentPretty.encode(problems))
            print()
        } else {
            let github = ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true"
            for problem in problems {
                print(github ? Readiness.githubAnnotation(problem) : "\(problem.file): \(problem.kind): \(problem.message)")
            }
            printError(problems.isEmpty ? "check passed: \(checked.count) outputs, each approved as required for its inputs as they are now" : "check failed: \(problems.count) problem\(problems.count == 1 ? "" : "s")")
        }
        if !problems.isEmpty { throw Exit.failures }
    }
}
