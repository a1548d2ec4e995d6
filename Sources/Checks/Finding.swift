/// One problem the checks found in a text.
public struct Finding: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case info, warning, error

        private var rank: Int { [.info: 0, .warning: 1, .error: 2][self]! }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var rule: String
    public var severity: Severity
    public var message: String
    /// Where in the text (1-based), when the finding points at a place.
    public var line: Int?
    public var column: Int?

    public init(_ rule: String, _ severity: Severity, _ message: String, line: Int? = nil, column: Int? = nil) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.line = line
        self.column = column
    }
}
