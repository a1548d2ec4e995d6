import HTTP
import MockLLM
import Foundation
import Subprocess
import SystemPackage

/// Paths into the repository, found from this source file (tests run from the repo alone).
enum Repo {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var templates: String { root + "/templates" }
    static var fixtures: String { root + "/Tests/DocentTests/Fixtures" }
}

/// A temporary folder, removed at the end of the test.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("docent-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ relative: String) -> String { (path as NSString).appendingPathComponent(relative) }

    func write(_ text: String, to relative: String) throws {
        let target = file(relative)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: target, atomically: true, encoding: .utf8)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: file(relative), encoding: .utf8)
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: file(relative)) }

    /// Every file under output/ but the run's own report and page, by relative path: bytes and
    /// modification time.
    func outputFiles() throws -> [String: (data: Data, modified: Date)] {
        var files: [String: (data: Data, modified: Date)] = [:]
        let root = file("output")
        let walker = FileManager.default.enumerator(atPath: root)
        while let relative = walker?.nextObject() as? String {
            let path = (root as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  !["report.json", "index.html"].contains(relative) else { continue }
            let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date ?? .distantPast
            files[relative] = (try Data(contentsOf: URL(fileURLWithPath: path)), modified)
        }
        return files
    }

    func copy(_ source: String, to relative: String) throws {
        let target = file(relative)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source, toPath: target)
    }
}

/// Runs the built `docent` executable, which SwiftPM puts beside the test bundle.
enum DocentBinary {
    static let path: String = {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        // On Linux the test runner is <build>/debug/<Package>PackageTests.xctest.
        if folder.lastPathComponent.hasSuffix(".xctest") { folder.deleteLastPathComponent() }
        return folder.appendingPathComponent("docent").path
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `shell`: `arguments` is a whole command line, its first element the program (`/bin/sh`).
    /// The child gets this process's environment without any DOCENT_ variable, plus `extra`.
    static func run(_ arguments: [String], in directory: String, environment extra: [String: String] = [:], shell: Bool = false) async throws -> Result {
        var environment: [Environment.Key: String?] = [:]
        for key in ProcessInfo.processInfo.environment.keys where key.hasPrefix("DOCENT_") { environment[Environment.Key(rawValue: key)!] = .some(nil) }
        for (key, value) in extra { environment[Environment.Key(rawValue: key)!] = value }
        let result = try await Subprocess.run(
            .path(FilePath(shell ? arguments[0] : path)), arguments: Arguments(shell ? Array(arguments.dropFirst()) : arguments),
            environment: .inherit.updating(environment), workingDirectory: FilePath(directory),
            output: .string(limit: 64 << 20), error: .string(limit: 64 << 20))
        let status: Int32 = switch result.terminationStatus {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
        return Result(status: status, stdout: result.standardOutput, stderr: result.standardError)
    }
}

/// `docent-mock-llm` beside the test bundle, as a separate process.
typealias MockProcess = MockLLMProcess

extension MockLLMProcess {
    convenience init(_ arguments: [String] = []) throws {
        try self.init(executable: (DocentBinary.path as NSString).deletingLastPathComponent + "/docent-mock-llm", arguments: arguments)
    }

    /// GET /mock/stats.
    func stats() async throws -> [String: Any] {
        let url = baseURL + "/mock/stats"
        let data = try await withHTTPClient { client in try await client.execute(HTTPRequest(url: url)).body }
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// Ends every batch of the mock now (started with a long `--batch-delay`): a test decides
    /// when a batch is done, no clock does.
    func endBatches() async throws {
        let url = baseURL + "/mock/batches/end"
        _ = try await withHTTPClient { client in try await client.execute(HTTPRequest(method: .post, url: url, body: Data())) }
    }
}
