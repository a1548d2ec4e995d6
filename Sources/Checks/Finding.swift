/// One problem the checks found in a text.
package struct Finding: Sendable, Hashable, Codable {
    package enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case info, warning, error

        private var rank: Int { [.info: 0, .warning: 1, .error: 2][self]! }
        package static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    package var rule: String
    package var severity: Severity
    package var message: String
    /// Where in the text (1-based), when the finding points at a place.
    package var line: Int?
    package var column: Int?

    package init(_ rule: String, _ severity: Severity, _ message: String, line: Int? = nil, column: Int? = nil) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.line = line
        self.column = column
    }
}
