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

    package struct SyntaxError: Error, Sendable {
        package var line: Int
        /// The table up to the row where the problem starts (those rows are sound).
        package var before: CSVTable?
        package var message: String
    }

    /// A table read from elsewhere (a spreadsheet's sheet).
    init(header: [String], rows: [Row]) {
        self.header = header
        self.rows = rows
    }

    /// Parses `text`; the delimiter is `,` unless the header line has more `;` or tabs.
    package init(parsing text: String) throws(SyntaxError) {
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
                        throw SyntaxError(line: quoteLine, before: Self.table(records), message: "the quoted field opened here is not closed before line \(line) "
                                          + "(text follows a quote there): an unbalanced quote")
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
            throw SyntaxError(line: quoteLine, before: Self.table(records), message: "quoted field is never closed")
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        self = Self.table(records)
    }

    /// The first row as header, the rest as rows.
    private static func table(_ records: [Row]) -> CSVTable {
        guard let headerRow = records.first else { return CSVTable(header: [], rows: []) }
        return CSVTable(header: headerRow.fields.map { $0.trimmingCharacters(in: .whitespaces) }, rows: Array(records.dropFirst()))
    }
}
