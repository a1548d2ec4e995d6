/// A problem found while loading records: `file:line: field: message`.
public struct LoadIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error, warning
    }
    public var file: String
    public var line: Int?
    public var column: Int?
    public var field: String?
    public var message: String
    public var severity: Severity

    public init(file: String, line: Int?, column: Int? = nil, field: String? = nil, message: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
        self.severity = severity
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if line != nil, let column { text += ":\(column)" }
        text += ": "
        if severity == .warning { text += "warning: " }
        if let field { text += "\(field): " }
        return text + message
    }
}
