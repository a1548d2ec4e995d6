import ArgumentParser
import Foundation
import Prose
import Pipeline
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

    struct Problem: Codable {
        var file: String
        var kind: String
        var message: String
    }

    func run() async throws {
        let workspace = try Workspace.openForCommand(project)
        let layout = workspace.layout
        let config = workspace.config
        var problems: [Problem] = []
        var checked: [String] = []
        func relative(_ path: String) -> String { displayPath(path) }

        // Failures of the last run.
        var failed = Set<String>()
        for job in RunReport.lastFailures(in: layout) {
            let file = relative((layout.root as NSString).appendingPathComponent("\(job.artwork)/\(job.key.fileName)"))
            failed.insert(file)
            problems.append(Problem(file: file, kind: "failed", message: "the last run failed: \(job.error ?? "unknown error")"))
        }
        for issue in workspace.catalog.errors {
            problems.append(Problem(file: issue.file, kind: "invalid-record", message: issue.description))
        }
        // Every planned draft must exist.
        for plan in Planner.plan(workspace) {
            for key in plan.jobs where key.stage == "draft" || key.stage == "translate" {
                guard let path = try? layout.draftPath(key.artwork, key.draftName) else { continue }
                checked.append(relative(path))
                if !FileManager.default.fileExists(atPath: path) && !failed.contains(relative(path)) {
                    problems.append(Problem(file: relative(path), kind: "missing", message: "not written yet (run docent run)"))
                }
            }
        }
        let policy = config.requireApproval
        for status in DraftStatus.scan(layout) {
            let file = relative((layout.root as NSString).appendingPathComponent(status.file))
            guard let name = DraftName(parsing: status.draft) else { continue }
            if status.state == .unreadable {
                problems.append(Problem(file: file, kind: "unreadable", message: "the front matter cannot be read"))
            }
            if status.stale {
                problems.append(Problem(file: file, kind: "stale", message: "its inputs changed: review the proposal (docent diff, docent accept)"))
            }
            // An approved draft was accepted by a person, errors and all.
            if status.flagged && status.state != .approved {
                problems.append(Problem(file: file, kind: "flagged", message: "\(status.errors) error-level check\(status.errors == 1 ? "" : "s")"))
            }
            if let policy, status.state != .approved,
               policy.audiences.isEmpty || policy.audiences.contains(name.audience),
               policy.languages.isEmpty || policy.languages.contains(name.language) {
                problems.append(Problem(file: file, kind: "unapproved", message: "approval is required for \(name.audience) in \(name.language)"))
            }
        }
        if let junit { try writeJUnit(problems, checked: checked, to: junit) }
        if json {
            let encoder = JSONEncoder.docentPretty
            FileHandle.standardOutput.write(try encoder.encode(problems))
            print()
        } else {
            let github = ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true"
            for problem in problems {
                if github {
                    print("::error file=\(Self.annotation(problem.file))::\(Self.annotation(problem.kind + ": " + problem.message))")
                } else {
                    print("\(problem.file): \(problem.kind): \(problem.message)")
                }
            }
            printError(problems.isEmpty ? "check passed: \(checked.count) drafts" : "check failed: \(problems.count) problem\(problems.count == 1 ? "" : "s")")
        }
        if !problems.isEmpty { throw Exit.failures }
    }

    /// GitHub workflow commands escape %, CR and LF.
    static func annotation(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    func writeJUnit(_ problems: [Problem], checked: [String], to path: String) throws {
        let byFile = Dictionary(grouping: problems, by: \.file)
        let files = Array(Set(checked).union(byFile.keys)).sorted()
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuite name=\"docent check\" tests=\"\(files.count)\" failures=\"\(byFile.count)\">\n"
        for file in files {
            xml += "  <testcase classname=\"docent\" name=\"\(ReviewPage.escape(file))\""
            if let found = byFile[file] {
                xml += ">\n" + found.map { "    <failure type=\"\(ReviewPage.escape($0.kind))\" message=\"\(ReviewPage.escape($0.message))\"/>\n" }.joined() + "  </testcase>\n"
            } else {
                xml += "/>\n"
            }
        }
        xml += "</testsuite>\n"
        do {
            try AtomicFile.write(xml, to: path)
        } catch {
            printError("\(error)")
            throw Exit.dataError
        }
    }
}
