/// A problem found while loading records: `file:line: field: message`.
public struct LoadIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error, warning
    }
    public var file: String
    public var line: Int?
    public var field: String?
    public var message: String
    public var severity: Severity

    public init(file: String, line: Int?, field: String? = nil, message: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
        self.severity = severity
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if severity == .warning { text += "warning: " }
        if let field { text += "\(field): " }
        return text + message
    }
}
