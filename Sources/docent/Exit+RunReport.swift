import ArgumentParser
import LLM
import Pipeline
import Project

extension Exit {
    /// The exit code a finished run ends with, decided from the report's typed facts (never
    /// from the wording of a message), in the order the README's exit-code table gives:
    /// the run's own files, a stopping failure, an endpoint that was never reached, failures.
    static func after(_ report: RunReport, recordErrors: Bool) -> ExitCode? {
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
        return nil
    }
}
