import Domain
import Foundation
import Prose
import Synchronization

/// A run's finished jobs, artwork by artwork, kept on disk in a `Spool` until report.json is
/// written, so that a run's memory does not grow with the collection (440,000 jobs at 10,000
/// artworks of 44 texts would be hundreds of megabytes). What the command line says after the
/// run is counted as they come: totals, check totals, the jobs that did not end well, and
/// those left waiting for a batch.
final class JobLog: Sendable {
    private struct State {
        var spool: Spool?
        /// Each artwork's jobs, encoded as report.json has them: one piece an artwork (its jobs
        /// are added once), so that the run keeps no small list an artwork among what its
        /// rounds allocate and free.
        var pieces: [String: Spool.Piece] = [:]
        /// Jobs the spool could not take (a full disk), or of an artwork added again, by artwork.
        var held: [String: [RunReport.Job]] = [:]
        var totals = RunReport.Totals()
        var checks = RunReport.CheckTotals()
        /// Cost by artwork, summed in job order (the run's total is summed in artwork order,
        /// so the same jobs give the same bytes whatever order they finished in).
        var costs: [String: Double] = [:]
        var kept: [RunReport.Job] = []
        var waiting = 0
    }

    private let folder: String
    private let state = Mutex(State())

    /// A log whose spool goes in `folder` (the output folder) when the first jobs come.
    init(in folder: String) {
        self.folder = folder
    }

    /// Adds the jobs of one artwork (once per artwork and run).
    func add(_ jobs: [RunReport.Job]) {
        guard let artwork = jobs.first?.artwork else { return }
        let sorted = jobs.sorted(by: RunReport.Job.reportOrder)
        let piece = try? Self.encode(sorted)
        state.withLock { state in
            for job in sorted {
                state.totals.add(job)
                state.checks.add(job)
                state.costs[artwork, default: 0] += job.cost
                // Waiting for a batch is counted only: after `--no-wait` over a large
                // collection that is most of its jobs.
                if job.waitingForBatch {
                    state.waiting += 1
                } else if [.failed, .skipped, .notApplicable].contains(job.outcome) {
                    state.kept.append(job)
                }
            }
            if state.spool == nil { state.spool = try? Spool(in: folder) }
            if state.pieces[artwork] == nil, let piece, let written = state.spool?.append(piece) {
                state.pieces[artwork] = written
            } else {
                state.held[artwork, default: []] += sorted
            }
        }
    }

    /// Jobs left waiting for a provider batch.
    var waitingForBatches: Int { state.withLock { $0.waiting } }

    var isEmpty: Bool { state.withLock { $0.pieces.isEmpty && $0.held.isEmpty } }

    /// Totals, check totals, and the jobs that did not end well or were not written (in report order).
    func summary() -> (RunReport.Totals, RunReport.CheckTotals, [RunReport.Job]) {
        state.withLock { state in
            var totals = state.totals
            totals.cost = state.costs.keys.sorted().reduce(0) { $0 + state.costs[$1]! }
            return (totals, state.checks, state.kept.sorted(by: RunReport.Job.reportOrder))
        }
    }

    /// The jobs, in report order, as the elements of report.json's "jobs" array, each line
    /// indented by `indented` spaces; one artwork's jobs in memory at a time.
    func stream(indented: Int, _ append: (Data) throws -> Void) throws {
        let (spool, pieces, held) = state.withLock { ($0.spool, $0.pieces, $0.held) }
        let ids = Set(pieces.keys).union(held.keys).sorted()
        let pad = String(repeating: " ", count: indented)
        var first = true
        for id in ids {
            var parts: [Data] = []
            if let spool, let piece = pieces[id] { parts.append(try spool.read(piece)) }
            if let jobs = held[id] { parts.append(try Self.encode(jobs)) }
            var text = ""
            for part in parts {
                // Each job on its lines, as docentPretty writes an array's elements.
                for line in String(decoding: part, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
                    if line.hasPrefix("{") {
                        text += (first ? "" : ",\n") + pad + line
                        first = false
                    } else {
                        text += "\n" + (line.isEmpty ? "" : pad) + line
                    }
                }
            }
            try append(Data(text.utf8))
        }
    }

    /// Jobs as docentPretty writes each alone, one after another.
    private static func encode(_ jobs: [RunReport.Job]) throws -> Data {
        let encoder = JSONEncoder.docentPretty
        var data = Data()
        for (index, job) in jobs.enumerated() {
            if index > 0 { data.append(0x0A) }
            data.append(try encoder.encode(job))
        }
        return data
    }
}

extension RunReport.Job {
    /// report.json's order: by artwork, audience, stage, language.
    static func reportOrder(_ a: RunReport.Job, _ b: RunReport.Job) -> Bool {
        (a.artwork, a.audience, a.stage.rawValue, a.language) < (b.artwork, b.audience, b.stage.rawValue, b.language)
    }
}
