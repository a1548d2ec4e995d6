import ArgumentParser
import Foundation
import MockLLM

@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docent-bench",
        abstract: "Docent's benchmarks: measured in one run, printed as a table (make bench).")

    @Option(help: "The docent-mock-llm executable.") var mock: String
    @Option(help: "Requests for the HTTP client benchmark.") var httpRequests = 50_000
    @Option(help: "Requests in flight.") var inFlight = 64
    @Option(help: "Pages for the extraction benchmark.") var pages = 1_000
    @Option(help: "The templates folder.") var templates = "templates"
    @Option(help: "Internal: measure peak memory of a run over the project in this folder and print it.") var memoryProbe: String?
    @Option(help: "Internal: run the project in this folder once and print the seconds it took.") var runProbe: String?
    @Option(help: "Internal: run the batch project in this folder and print peak MB, CPU seconds and jobs.") var batchProbe: String?
    @Option(help: "The artworks of the batch memory scenario (1,000 and 10,000 unless said; the full run takes about 45 minutes at 10,000).") var batchArtworks: [Int] = []
    @Option(help: "Internal: load this LIDO file and print records, seconds and peak memory.") var lidoProbe: String?
    @Flag(help: "Only the engine's CPU-per-job scenario (for profiling).") var cpuOnly = false
    @Flag(help: "Only the per-job steps timed on their own.") var parts = false
    @Flag(help: "Only the engine scenarios (makespan, CPU per job, rerun).") var engineOnly = false
    @Flag(help: "Only docent check over 10,000 artworks.") var gateOnly = false
    @Flag(help: "Only the two makespan scenarios.") var makespanOnly = false
    @Flag(help: "Only reading a large LIDO export.") var catalogOnly = false
    @Flag(help: "Only the runs against a rate-limited endpoint.") var rateLimitsOnly = false
    @Flag(help: "Only docent review over 10,000 drafts.") var reviewOnly = false
    @Flag(help: "Only the peak memory of batch runs over 1,000 and 10,000 artworks, every stage.") var batchMemoryOnly = false
    @Option(help: "The docent executable (default: beside the mock).") var docent: String?
    @Option(help: "A Python with the openai package: the makespan rows also run the asyncio peer.") var peerPython: String?

    var batchSizes: [Int] { batchArtworks.isEmpty ? [1_000, 10_000] : batchArtworks }

    /// The release `docent` beside the mock unless `--docent` says otherwise.
    var docentPath: String {
        docent ?? ((mock as NSString).deletingLastPathComponent as NSString).appendingPathComponent("docent")
    }

    func run() async throws {
        let templates = URL(fileURLWithPath: self.templates).standardizedFileURL.path
        if let memoryProbe {
            print(String(format: "%.1f", try await EngineBenchmark.peakMemoryProbe(folder: memoryProbe, templates: templates)))
            return
        }
        if let batchProbe {
            let (peak, cpu, jobs) = try await EngineBenchmark.batchProbe(folder: batchProbe, templates: templates)
            print(String(format: "%.1f %.3f %d", peak, cpu, jobs))
            return
        }
        if let lidoProbe {
            print(CatalogBenchmark.probe(path: lidoProbe))
            return
        }
        if let runProbe {
            print(String(format: "%.3f", try await EngineBenchmark.runProbe(folder: runProbe, templates: templates)))
            return
        }
        if parts {
            print(Table.render(header: ("benchmark", "measured", "target"), rows: try PartsBenchmark(templates: templates).rows()))
            return
        }
        if catalogOnly {
            print(Table.render(header: ("benchmark", "measured", "target"), rows: try await CatalogBenchmark.rows(templates: templates, mock: mock)))
            return
        }
        if batchMemoryOnly {
            print(Table.render(header: ("benchmark", "measured", "target"), rows: try await EngineBenchmark(mockPath: mock, templates: templates).batchRows(sizes: batchSizes)))
            return
        }
        if reviewOnly {
            let project = try EngineBenchmark(mockPath: mock, templates: templates).memoryProject(artworks: 10_000)
            defer { try? FileManager.default.removeItem(atPath: project) }
            _ = try await EngineBenchmark.spawnProbe(["--mock", mock, "--templates", templates, "--memory-probe", project])
            print(Table.render(header: ("benchmark", "measured", "target"), rows: try await ReviewAppBenchmark(docent: docentPath).rows(folder: project, drafts: 10_000)))
            return
        }
        if gateOnly {
            let project = try EngineBenchmark(mockPath: mock, templates: templates).memoryProject(artworks: 10_000)
            defer { try? FileManager.default.removeItem(atPath: project) }
            _ = try await EngineBenchmark.spawnProbe(["--mock", mock, "--templates", templates, "--memory-probe", project])
            print(Table.render(header: ("benchmark", "measured", "target"), rows: try GateBenchmark(docent: docentPath).rows(folder: project, artworks: 10_000)))
            return
        }
        if rateLimitsOnly {
            print(Table.render(header: ("benchmark", "measured", "target"), rows: try await RateLimitBenchmark(engine: EngineBenchmark(mockPath: mock, templates: templates)).rows()))
            return
        }
        if makespanOnly {
            print(Table.render(header: ("benchmark", "measured", "target"), rows: try await EngineBenchmark(mockPath: mock, templates: templates, peerPython: peerPython).rows(makespanOnly: true)))
            return
        }
        if engineOnly {
            print(Table.render(header: ("benchmark", "measured", "target"), rows: try await EngineBenchmark(mockPath: mock, templates: templates, peerPython: peerPython).rows()))
            return
        }
        if cpuOnly {
            print(Table.render(header: ("benchmark", "measured", "target"), rows: try await EngineBenchmark(mockPath: mock, templates: templates).cpuRow()))
            return
        }
        var rows: [(String, String, String)] = []
        let server = try MockLLMProcess(executable: mock, arguments: ["--threads", "1"])
        defer { server.stop() }
        let http = try await HTTPBenchmark(baseURL: server.baseURL, requests: httpRequests, inFlight: inFlight).run()
        rows.append(("HTTP client, \(inFlight) in flight, zero latency: requests/s", String(format: "%.0f", http.requestsPerSecond), "≥ 10000"))
        rows.append(("HTTP client CPU per request (ms)", String(format: "%.3f", http.cpuMicrosecondsPerRequest / 1000), "≤ 0.100"))
        if http.failures > 0 { rows.append(("HTTP failures", "\(http.failures)", "0")) }
        let extraction = try await ExtractionBenchmark(pages: pages).run()
        rows.append(("HTML extraction (\(ProcessInfo.processInfo.activeProcessorCount) cores) over \(pages) pages (\(String(format: "%.0f", extraction.totalMegabytes)) MB): MB/s",
                     String(format: "%.1f", extraction.megabytesPerSecond), "≥ 50"))
        rows.append(("  libxml2 parsing alone, one core: MB/s", String(format: "%.1f", extraction.parseMegabytesPerSecond), "(ceiling)"))
        rows.append(("Resident memory after " + extraction.residentMegabytes.map { "\($0.pages)" }.joined(separator: " / ") + " pages (MB)",
                     extraction.residentMegabytes.map { String(format: "%.0f", $0.megabytes) }.joined(separator: " / "), "flat"))
        rows += try await CatalogBenchmark.rows(templates: templates, mock: mock)
        rows += try await EngineBenchmark(mockPath: mock, templates: templates, peerPython: peerPython).rows()
        rows += try await RateLimitBenchmark(engine: EngineBenchmark(mockPath: mock, templates: templates)).rows()
        // Peak memory in a fresh process that only runs (the project is made here).
        let memoryProject = try EngineBenchmark(mockPath: mock, templates: templates).memoryProject(artworks: 10_000)
        defer { try? FileManager.default.removeItem(atPath: memoryProject) }
        let text = try await EngineBenchmark.spawnProbe(["--mock", mock, "--templates", templates, "--memory-probe", memoryProject])
        rows.append(("Peak memory, 10,000 artworks (offline engine), MB", text, "≤ 150"))
        rows += try await EngineBenchmark(mockPath: mock, templates: templates).batchRows(sizes: batchSizes)
        // The review app over what that run wrote.
        rows += try await ReviewAppBenchmark(docent: docentPath).rows(folder: memoryProject, drafts: 10_000)
        // The CI gate over the same folder.
        rows += try GateBenchmark(docent: docentPath).rows(folder: memoryProject, artworks: 10_000)
        print(Table.render(header: ("benchmark", "measured", "target"), rows: rows))
    }
}

enum Table {
    static func render(header: (String, String, String), rows: [(String, String, String)]) -> String {
        let all = [header] + rows
        let w0 = all.map(\.0.count).max() ?? 0, w1 = all.map(\.1.count).max() ?? 0, w2 = all.map(\.2.count).max() ?? 0
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        func rule(_ w: Int) -> String { String(repeating: "-", count: w + 2) }
        var lines = all.map { "| \(pad($0.0, w0)) | \(pad($0.1, w1)) | \(pad($0.2, w2)) |" }
        lines.insert("|\(rule(w0))|\(rule(w1))|\(rule(w2))|", at: 1)
        return lines.joined(separator: "\n")
    }
}
