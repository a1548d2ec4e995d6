/// A problem in pipeline.json, named by its JSON path (and line when known).
package struct ConfigIssue: Error, Sendable, Hashable, CustomStringConvertible {
    package var file: String
    package var path: String
    package var line: Int?
    package var message: String

    package var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(path): \(message)"
    }
}

/// All the problems found in a configuration; a run does nothing while there are any.
package struct ConfigError: Error, Sendable, CustomStringConvertible {
    package var issues: [ConfigIssue]
    package var description: String { issues.map(\.description).joined(separator: "\n") }
}
