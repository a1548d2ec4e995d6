import Foundation
import Pipeline
import Synchronization

/// Shows a run's progress on standard error: a live line on a terminal, otherwise a line
/// every few seconds; failures are always printed.
final class ProgressDisplay: Sendable {
    private let quiet: Bool
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let lastLine = Mutex<ContinuousClock.Instant?>(nil)

    init(quiet: Bool) {
        self.quiet = quiet
    }

    func show(_ event: Runner.ProgressEvent) {
        if event.outcome == .failed || (event.outcome == .skipped && event.error != nil && !quiet) {
            clearLine()
            printError("\(event.outcome == .failed ? "error" : "skipped"): \(event.key): \(event.error ?? "")")
        }
        guard !quiet else { return }
        let line = "[\(event.done)/\(event.total)] \(event.failed) failed"
        if isTerminal {
            FileHandle.standardError.write(Data("\r\u{1B}[2K\(line)".utf8))
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

    private func clearLine() {
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }

    func finish() {
        if isTerminal && !quiet { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
