import Foundation
import HTTP

/// What a large output folder costs `docent review`: the time from asking for a page to having
/// all of it (the app reads every draft's front matter again on every page, for the counts and
/// the filters, and renders one page of the queue), and the app's peak memory.
/// It runs the release `docent` binary as an editor would, over a folder a run has written.
struct ReviewAppBenchmark {
    /// The `docent` executable.
    var docent: String

    func rows(folder: String, drafts: Int) async throws -> [(String, String, String)] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: docent)
        process.arguments = ["review", "--port", "0"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var printed = ""
        var address: String?
        while address == nil {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw BenchError("docent review printed no address: \(printed)") }
            printed += String(decoding: chunk, as: UTF8.self)
            address = printed.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("http://") }.map(String.init)
        }
        guard let url = address, let tokenStart = url.range(of: "?token=") else { throw BenchError("no token in \(printed)") }
        let base = String(url[..<tokenStart.lowerBound])
        let token = String(url[tokenStart.upperBound...])
        return try await withHTTPClient(maxConnections: 2) { client in
            func page(_ query: String = "") async throws -> (seconds: Double, bytes: Int) {
                let start = ContinuousClock.now
                let response = try await client.execute(HTTPRequest(url: base + query, headers: [("Cookie", "docent_token=\(token)")],
                                                                    timeout: .seconds(600), maxResponseBytes: 1 << 30))
                guard response.status == 200 else { throw BenchError("the page answered \(response.status)") }
                let elapsed = start.duration(to: .now)
                return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, response.body.count)
            }
            let first = try await page()
            let second = try await page()
            // A search reads every record's title too; the last page of the queue.
            let search = try await page("?q=harbour&queue=0")
            let last = try await page("?queue=0&page=\(max(1, drafts / 50))")
            // What an open page asks every 4 seconds: did the folder change (the median of 5).
            var states: [Double] = []
            for _ in 0..<5 { states.append(try await page("state").seconds) }
            let state = states.sorted()[2]
            let memory = Self.peakResidentMegabytes(pid: process.processIdentifier)
            return [
                ("docent review over \(drafts) drafts: first page / again (s; \(first.bytes / 1_000) kB of HTML)",
                 String(format: "%.2f / %.2f", first.seconds, second.seconds), "≤ 1"),
                ("  a search over all of them / the last page (s)", String(format: "%.2f / %.2f", search.seconds, last.seconds), "(measured)"),
                ("  did the folder change? (/state, asked every 4 s by an open page; ms)", String(format: "%.0f", state * 1000), "(measured)"),
                ("  its peak memory (MB)", String(format: "%.1f", memory), "≤ 150"),
            ]
        }
    }

    /// `VmHWM` of another process.
    static func peakResidentMegabytes(pid: Int32) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = line.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap({ Double($0) }) else { return 0 }
        return kilobytes / 1024
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
