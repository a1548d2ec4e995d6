import Foundation

/// What `docent check` costs over a large output folder: it works out every output's inputs
/// hash as `plan` does (records, templates, style, source texts) before it says anything, so it
/// must stay a CI step, not a coffee break. It runs the release `docent` binary in the folder a
/// run has written, as CI would.
struct GateBenchmark {
    /// The `docent` executable.
    var docent: String

    func rows(folder: String, artworks: Int) throws -> [(String, String, String)] {
        let check = try seconds(["check", "--json"], in: folder, accepting: [0, 1])  // 1: nothing is approved yet
        // Then every draft approved at once, as an editor does after reading a night's checks
        // (each approval synced to disk and in the audit trail; the review page after).
        let approve = try seconds(["approve", "--all-passing", "--include-warnings", "--by", "Bench"], in: folder, accepting: [0])
        return [("docent check over \(artworks) artworks (every output's inputs now; s)", String(format: "%.2f", check), "≤ 30"),
                ("docent approve --all-passing over \(artworks) drafts (s)", String(format: "%.2f", approve), "seconds")]
    }

    /// Wall time of the release `docent` with `arguments` in `folder`, as CI runs it.
    func seconds(_ arguments: [String], in folder: String, accepting codes: Set<Int32>) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: docent)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let elapsed = start.duration(to: .now)
        guard codes.contains(process.terminationStatus) else {
            throw BenchError("docent \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
