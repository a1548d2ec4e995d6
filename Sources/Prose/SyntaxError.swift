/// Text that is not well formed in its format: a record file (JSON, YAML, CSV, XML, a
/// workbook), a record path, a draft's front matter, subtitles, a web page. Says where when it
/// is known (line and column, from 1) and what is wrong there. The file's name is the
/// caller's to add (`LoadIssue`, `FileProblem`).
package struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    package var line: Int?
    package var column: Int?
    package var message: String

    package init(line: Int? = nil, column: Int? = nil, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    package init(_ message: String) {
        self.init(message: message)
    }

    /// "line 3, column 7: message", "line 3: message" or the message alone.
    package var description: String {
        guard let line else { return message }
        return "line \(line)\(column.map { ", column \($0)" } ?? ""): \(message)"
    }
}
