import Foundation
import Pipeline
import Project
import Prose
import Synchronization

/// Shows a run's progress on standard error: a live line on a terminal, otherwise a line
/// every few seconds; failures are always printed.
final class ProgressDisplay: Sendable {
    private let quiet: Bool
    /// Appended to the money spent ("USD"); nil when the model has no price (no cost shown).
    private let currency: String?
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let lastLine = Mutex<ContinuousClock.Instant?>(nil)
    private let totals = Mutex((tokens: 0, cost: 0.0))
    private let start = ContinuousClock.now

    init(quiet: Bool, currency: String? = nil) {
        self.quiet = quiet
        self.currency = currency
    }

    func show(_ event: Runner.ProgressEvent) {
        // A job waiting for a provider batch is not skipped: the run's summary counts them
        // (at collection scale a line each would be hundreds of thousands of lines a round).
        if event.outcome == .failed || (event.outcome == .skipped && event.error != nil && !event.waitingForBatch && !quiet) {
            clearLine()
            printError("\(event.outcome == .failed ? "error" : "skipped"): \(event.key): \(event.error ?? "")")
        }
        let (tokens, cost) = totals.withLock { totals -> (Int, Double) in
            totals.tokens += event.tokens
            totals.cost += event.cost
            return (totals.tokens, totals.cost)
        }
        guard !quiet else { return }
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let remaining = event.done > 0 ? seconds / Double(event.done) * Double(event.total - event.done) : 0
        let eta = event.done < event.total && event.done > 0 ? ", ETA \(Self.duration(remaining))" : ""
        let line = "[\(event.done)/\(event.total)] \(event.inFlight) in flight, \(event.failed) failed, \(tokens) tokens"
            + (currency.map { ", " + String(format: "%.4f", cost) + " \($0) spent" } ?? "") + eta
        if isTerminal {
            FileHandle.standardError.write(Data("\r\u{1B}[2K\(TerminalText.safe(line))".utf8))
            return
        }
        let now = ContinuousClock.now
        let due = lastLine.withLock { last -> Bool in
            if let previous = last, previous.duration(to: now) < .seconds(5), event.done < event.total { return false }
            last = now
            return true
        }
        if due { printError(line) }
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600 ? "\(total / 3600)h\(String(format: "%02d", total / 60 % 60))m" : total >= 60 ? "\(total / 60)m\(String(format: "%02d", total % 60))s" : "\(total)s"
    }

    private func clearLine() {
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }

    func finish() {
        if isTerminal && !quiet { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
