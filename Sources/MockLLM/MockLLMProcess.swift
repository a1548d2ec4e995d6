import Foundation

/// `docent-mock-llm` run as a separate process on a port the system picks (tests and
/// benchmarks, where the mock's CPU must not count as the client's). Stopped by `stop()` or
/// when released.
package final class MockLLMProcess {
    package struct StartError: Error, CustomStringConvertible {
        package var output: String
        package var description: String { "docent-mock-llm did not start: \(output)" }
    }

    private let process = Process()
    /// `http://127.0.0.1:PORT/v1`.
    package let baseURL: String

    package init(executable: String, arguments: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--port", "0"] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        // The first line says where it listens.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("listening on ") else {
            process.terminate()
            throw StartError(output: text)
        }
        baseURL = String(text.dropFirst("listening on ".count))
    }

    package func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit {
        stop()
    }
}
