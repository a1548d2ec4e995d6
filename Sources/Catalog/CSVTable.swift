import Prose
import Foundation

/// A CSV table (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) whose rows
/// remember the line they start on, so that record errors can name it.
package struct CSVTable: Sendable {
    package struct Row: Sendable {
        package var line: Int
        package var fields: [String]
    }

    package var header: [String]
    package var rows: [Row]

    /// What was read: the rows up to where a problem starts (those are sound), and the problem.
    package struct Reading: Sendable {
        package var table: CSVTable
        package var problem: SyntaxError?
    }

    /// A table read from elsewhere (a spreadsheet's sheet).
    init(header: [String], rows: [Row]) {
        self.header = header
        self.rows = rows
    }

    /// Parses `text`, refusing it whole at the first problem.
    package init(parsing text: String) throws(SyntaxError) {
        let reading = Self.read(text)
        if let problem = reading.problem { throw problem }
        self = reading.table
    }

    /// Parses `text`; the delimiter is `,` unless the header line has more `;` or tabs.
    package static func read(_ text: String) -> Reading {
        var text = Substring(text)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        let delimiter: Character = [",", ";", "\t"].max { a, b in
            firstLine.filter { $0 == a }.count < firstLine.filter { $0 == b }.count
        } ?? ","

        var records: [Row] = []
        var field = ""
        var fields: [String] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteLine = 0
        var iterator = text.makeIterator()
        var pending: Character? = nil

        func endRecord() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Row(line: recordLine, fields: fields))
            }
            fields = []
        }

        while let character = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.append("\"")
                    } else if let next, next != delimiter, next != "\n", next != "\r\n", next != "\r" {
                        // Text right after a closing quote: the quote that "closed" the field
                        // opened another one, so an earlier quote was never closed and the rows
                        // between would merge into one field.
                        return Reading(table: Self.table(records), problem: SyntaxError(
                            line: quoteLine, message: "the quoted field opened here is not closed before line \(line) (text follows a quote there): an unbalanced quote"))
                    } else {
                        inQuotes = false
                        pending = next
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character == "\r\n" ? "\n" : character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty:
                inQuotes = true
                quoteLine = line
            case delimiter:
                fields.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(character)
            }
        }
        if inQuotes {
            return Reading(table: Self.table(records), problem: SyntaxError(line: quoteLine, message: "quoted field is never closed"))
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return Reading(table: Self.table(records), problem: nil)
    }

    /// The first row as header, the rest as rows.
    private static func table(_ records: [Row]) -> CSVTable {
        guard let headerRow = records.first else { return CSVTable(header: [], rows: []) }
        return CSVTable(header: headerRow.fields.map { $0.trimmingCharacters(in: .whitespaces) }, rows: Array(records.dropFirst()))
    }
}
