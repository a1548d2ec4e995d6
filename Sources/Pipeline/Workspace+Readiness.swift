import Foundation
import Project
import Review

extension Workspace {
    /// Everything that keeps this workspace's output from being published, as `docent check`
    /// reports it: the last run's failures, invalid records, planned drafts not written yet,
    /// and the drafts' own problems (`Readiness.draftProblems`). `checked` lists every draft
    /// file the plan expects. Paths go through `display`.
    package func readiness(display: (String) -> String) -> (problems: [Readiness.Problem], checked: [String]) {
        var problems: [Readiness.Problem] = []
        var checked: [String] = []
        var failed = Set<String>()
        for job in RunReport.lastFailures(in: layout) {
            let file = display((layout.root as NSString).appendingPathComponent("\(job.artwork)/\(job.key.fileName)"))
            failed.insert(file)
            problems.append(.init(file: file, kind: "failed", message: "the last run failed: \(job.error ?? "unknown error")"))
        }
        for issue in catalog.errors {
            problems.append(.init(file: issue.file, kind: "invalid-record", message: issue.description))
        }
        // Published, its drafts would stand for an artwork the collection no longer has.
        for id in catalog.retired {
            guard let folder = try? layout.folder(for: id) else { continue }
            problems.append(.init(file: display(folder), kind: "no-record",
                                  message: "no record has this id any more: move the folder out of the output folder, or restore its record"))
        }
        for plan in Planner.plan(self) {
            for key in plan.jobs where key.stage == "draft" || key.stage == "translate" {
                guard let path = try? layout.draftPath(key.artwork, key.draftName) else { continue }
                checked.append(display(path))
                if !FileManager.default.fileExists(atPath: path) && !failed.contains(display(path)) {
                    problems.append(.init(file: display(path), kind: "missing", message: "not written yet (run docent run)"))
                }
            }
        }
        let approval = config.requireApproval.map { Readiness.ApprovalRule(audiences: $0.audiences, languages: $0.languages) }
        problems += Readiness.draftProblems(in: layout, approval: approval, display: display)
        return (problems, checked)
    }
}
