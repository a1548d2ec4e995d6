import ArgumentParser
import LLM
import Pipeline
import Project

/// `docent run --fail-on`: which findings in the texts written make the run fail (exit 1).
enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case error, warning
}

extension Exit {
    /// The exit code a finished run ends with, decided from the report's typed facts (never
    /// from the wording of a message), in the order the README's exit-code table gives:
    /// the run's own files, a stopping failure, an endpoint that was never reached, failures.
    /// `failOn`: `--fail-on`, written texts with errors (or warnings too) fail the run.
    static func after(_ report: RunReport, recordErrors: Bool, failOn: FailOn? = nil) -> ExitCode? {
        if report.outputProblems != nil { return ioError }
        if let stop = report.stopError {
            return stop.stopsRun ? config : failures
        }
        let t = report.totals
        let failed = report.jobs.filter { $0.outcome == .failed }
        if t.created + t.overwritten + t.proposed == 0, !failed.isEmpty, failed.allSatisfy(\.endpointUnreachable) {
            return unavailable
        }
        // Jobs waiting for a provider batch (`--no-wait`) are not failures: a later run collects them.
        let skipped = report.jobs.filter { $0.outcome == .skipped && !$0.waitingForBatch }
        if t.failed > 0 || !skipped.isEmpty || recordErrors { return failures }
        if let failOn, let checks = report.checks {
            switch failOn {
            case .error where checks.textsWithErrors > 0: return failures
            case .warning where checks.textsWithErrors + checks.textsWithWarnings > 0: return failures
            case .error, .warning: break
            }
        }
        return nil
    }
}
