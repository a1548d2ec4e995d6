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
    /// The words the finding is about, as they stand in the text at `line`/`column` (the
    /// review page marks them).
    package var excerpt: String?

    package init(_ rule: String, _ severity: Severity, _ message: String, line: Int? = nil, column: Int? = nil,
                 excerpt: String? = nil) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.line = line
        self.column = column
        self.excerpt = excerpt
    }

    /// The same problem, wherever it is: the review page counts these once ("×3").
    package var kind: [String] { [rule, severity.rawValue, message] }
}
