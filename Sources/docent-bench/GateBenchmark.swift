import Foundation

/// What `docent check` costs over a large output folder: it works out every output's inputs
/// hash as `plan` does (records, templates, style, source texts) before it says anything, so it
/// must stay a CI step, not a coffee break. It runs the release `docent` binary in the folder a
/// run has written, as CI would.
struct GateBenchmark {
    /// The `docent` executable.
    var docent: String

    func rows(folder: String, artworks: Int) throws -> [(String, String, String)] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: docent)
        process.arguments = ["check", "--json"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // Exit 1 is expected (nothing is approved); anything else is a failure of the bench.
        guard process.terminationStatus == 0 || process.terminationStatus == 1 else {
            throw BenchError("docent check exited \(process.terminationStatus)")
        }
        return [("docent check over \(artworks) artworks (every output's inputs now; s)", String(format: "%.2f", seconds), "≤ 30")]
    }
}
