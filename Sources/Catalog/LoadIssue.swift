/// A problem found while loading records: `file:line: field: message`.
package struct LoadIssue: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Severity: String, Sendable, Hashable, Codable {
        case error, warning
    }
    package var file: String
    package var line: Int?
    package var column: Int?
    package var field: String?
    package var message: String
    package var severity: Severity

    package init(file: String, line: Int?, column: Int? = nil, field: String? = nil, message: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
        self.severity = severity
    }

    package var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if line != nil, let column { text += ":\(column)" }
        text += ": "
        if severity == .warning { text += "warning: " }
        if let field { text += "\(field): " }
        return text + message
    }
}
