import Foundation
import LLM
import Project
import Review

extension Workspace {
    /// Everything that keeps this workspace's output from being published, as `docent check`
    /// reports it: the last run's failures, invalid records, planned outputs not written yet,
    /// outputs whose inputs changed since they were written or approved (decided from the
    /// inputs as they are now, as `plan` decides: no run needed), and the outputs' own problems
    /// (`Readiness.draftProblems`). `checked` lists every output file the plan expects.
    /// `model`: the model the configuration names (part of every inputs hash). Paths go
    /// through `display`.
    package func readiness(model: ModelDescriptor, display: (String) -> String) -> (problems: [Readiness.Problem], checked: [String]) {
        var problems: [Readiness.Problem] = []
        var checked: [String] = []
        var failed = Set<String>()
        for job in LastRun.read(in: layout)?.failures ?? [] {
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
        var changed: [String: String] = [:]
        for freshness in Runner(workspace: self, model: DescribedModel(model)).freshness() where !freshness.path.isEmpty {
            let file = display(freshness.path)
            checked.append(file)
            switch freshness.state {
            case .missing where !failed.contains(file):
                problems.append(.init(file: file, kind: "missing", message: "not written yet (run docent run)"))
            case .changed:
                if let message = freshness.message { changed[file] = message }
            case .missing, .current, .proposalWaiting:
                break
            }
        }
        let approval = config.requireApproval.map {
            Readiness.ApprovalRule(audiences: $0.audiences, languages: $0.languages, outputs: $0.outputs)
        }
        problems += Readiness.draftProblems(in: layout, approval: approval, changed: changed, display: display)
        return (problems, checked)
    }
}
