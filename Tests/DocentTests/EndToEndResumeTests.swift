import Foundation
import Testing

/// Killing a run (SIGKILL, SIGINT) and starting it again.
@Suite("docent run survives kills", .serialized)
struct EndToEndResumeTests {
    func project() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("""
            {
              "institution": {"name": "Musée de Test"},
              "sources": {"artworks": ["artworks"], "csv_columns": {"Inventory": "id", "Title": "title"},
                          "site": ["site"], "style_guide": "style-guide.md"},
              "source_language": "fr", "languages": ["en"], "audiences": ["general", "children"],
              "limits": {"jobs": 4},
              "model": {"provider": "openai", "name": "mock-model"}
            }
            """, to: "pipeline.json")
        try folder.copy(Repo.templates, to: "templates")
        try folder.copy(Repo.fixtures + "/records", to: "artworks")
        // Pages whose profile has ties: a resumed process (another hash seed) must build the same prompts.
        try EndToEndReproducibilityTests.writeStyleSources(to: folder)
        return folder
    }

    /// Every file under output/ except the run's own report and page, as text.
    func tree(_ folder: TemporaryFolder) throws -> [String: String] {
        try folder.outputFiles().mapValues { String(decoding: $0.data, as: UTF8.self) }
    }

    func start(_ folder: TemporaryFolder, _ mock: MockProcess) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DocentBinary.path)
        process.arguments = ["run", "--quiet"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        var environment = ProcessInfo.processInfo.environment
        environment["DOCENT_BASE_URL"] = mock.baseURL
        environment["DOCENT_API_KEY"] = "k"
        environment["SOURCE_DATE_EPOCH"] = "1800000000"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test("SIGKILL at several points, then a full run: the same files as an uninterrupted run, no partial file, no answer paid twice")
    func killAndResume() async throws {
        let reference = try project()
        let referenceMock = try MockProcess(["--latency", "150"])
        let clean = try start(reference, referenceMock)
        clean.waitUntilExit()
        #expect(clean.terminationStatus == 0)
        let expected = try tree(reference)
        #expect(expected.count > 24)

        let folder = try project()
        let mock = try MockProcess(["--latency", "150"])
        var kills = 0
        for delay in [300, 700, 1_100] {
            let process = try start(folder, mock)
            try await Task.sleep(for: .milliseconds(delay))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
            // Whatever is on disk parses: drafts are written whole or not at all.
            // (A killed write may leave its hidden temp file; the next run removes it.)
            for (path, text) in try tree(folder) where path.hasSuffix(".md") && !path.contains(".docent-tmp-") {
                #expect(text.hasPrefix("---\n") && text.hasSuffix("\n"), "\(path) is partial")
            }
        }
        let final = try start(folder, mock)
        final.waitUntilExit()
        #expect(final.terminationStatus == 0)
        let resumed = try tree(folder)
        #expect(resumed.keys.sorted() == expected.keys.sorted())
        for (path, text) in expected { #expect(resumed[path] == text, "\(path) differs") }
        #expect(!resumed.keys.contains { $0.contains(".docent-tmp-") })
        // Over all the runs: the requests of a clean run, plus at most those in flight at each kill.
        let cleanRequests = try await referenceMock.stats()["requests"] as? Int ?? 0
        let asked = try await mock.stats()["requests"] as? Int ?? 0
        #expect(cleanRequests > 0 && asked <= cleanRequests + kills * 4, "a clean run asks \(cleanRequests), the killed and resumed runs \(asked) after \(kills) kills")
    }

    @Test("Ctrl-C: a consistent output folder and exit 130; the next run finishes the work")
    func interrupt() async throws {
        let folder = try project()
        // Slow answers (the run takes several seconds), and waits on this thread rather than
        // Task.sleep: on a loaded machine other tests' blocking waits can hold the task pool
        // for seconds, and the run would be over before the signal.
        let mock = try MockProcess(["--latency", "1000"])
        let process = try start(folder, mock)
        var waited = 0
        while !((try? folder.read(".docent/lock")) ?? "").contains("pid \(process.processIdentifier),") && process.isRunning && waited < 1_000 {
            usleep(10_000)
            waited += 1
        }
        usleep(1_500_000)
        #expect(process.isRunning, "the run ended before it could be interrupted")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let report = try JSONSerialization.jsonObject(with: Data(try folder.read("output/report.json").utf8)) as? [String: Any]
        #expect(((report?["totals"] as? [String: Any])?["skipped"] as? Int ?? 0) > 0)
        let resume = try start(folder, mock)
        resume.waitUntilExit()
        #expect(resume.terminationStatus == 0)
        #expect(folder.exists("output/wool-hanging/draft.children.en.md"))
    }
}
