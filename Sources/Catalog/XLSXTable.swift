import CLibXML2
import Prose
import Foundation
import ZIPFoundation

/// The first sheet (or a named one) of an Excel workbook as a table, the way a registrar's
/// spreadsheet shows it: shared and inline strings, numbers without a trailing ".0", dates
/// written as the cell's date format writes them. Read with ZIPFoundation and libxml2.
enum XLSXTable {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let package = "http://schemas.openxmlformats.org/package/2006/relationships"

    static func read(path: String, sheet wanted: String?) throws(SyntaxError) -> CSVTable {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw SyntaxError(message: "is not an XLSX workbook (not a ZIP archive)")
        }
        func part(_ name: String) -> XMLPart? {
            guard let entry = archive[name] else { return nil }
            var data = Data()
            guard (try? archive.extract(entry, consumer: { data.append($0) })) != nil else { return nil }
            return XMLPart(data: data)
        }
        guard let workbook = part("xl/workbook.xml"), let links = part("xl/_rels/workbook.xml.rels") else {
            throw SyntaxError(message: "is not an XLSX workbook (no xl/workbook.xml)")
        }
        let sheets = workbook.nodes("//s:sheets/s:sheet")
        let names = sheets.map { workbook.attribute($0, "name") ?? "" }
        guard let index = wanted.map({ names.firstIndex(of: $0) }) ?? (sheets.isEmpty ? nil : 0) else {
            throw SyntaxError(message: wanted.map { "has no sheet named '\($0)' (sheets: \(names.joined(separator: ", ")))" } ?? "has no sheet")
        }
        guard let id = workbook.attribute(sheets[index], "id", namespace: relationships),
              let target = links.nodes("//p:Relationship").first(where: { links.attribute($0, "Id") == id }).flatMap({ links.attribute($0, "Target") }) else {
            throw SyntaxError(message: "sheet '\(names[index])' cannot be found in the workbook")
        }
        let sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        guard let sheet = part(sheetPath) else { throw SyntaxError(message: "sheet '\(names[index])' (\(sheetPath)) cannot be read") }
        let shared = part("xl/sharedStrings.xml").map { strings in
            strings.nodes("//s:sst/s:si").map { strings.text(of: $0, "s:t | s:r/s:t") }
        } ?? []
        let formats = part("xl/styles.xml").map(NumberFormats.init) ?? NumberFormats()

        var rows: [CSVTable.Row] = []
        for row in sheet.nodes("//s:sheetData/s:row") {
            let number = sheet.attribute(row, "r").flatMap { Int($0) } ?? rows.count + 1
            var fields: [String] = []
            for cell in sheet.nodes("s:c", from: row) {
                let column = sheet.attribute(cell, "r").map(columnIndex) ?? fields.count
                while fields.count < column { fields.append("") }
                let value = sheet.text(of: cell, "s:v")
                let text: String = switch sheet.attribute(cell, "t") {
                case "s": Int(value).flatMap { shared.indices.contains($0) ? shared[$0] : nil } ?? ""
                case "inlineStr": sheet.text(of: cell, "s:is/s:t | s:is/s:r/s:t")
                case "b": value == "1" ? "TRUE" : (value.isEmpty ? "" : "FALSE")
                case "str", "e": value
                default: formats.display(value, style: sheet.attribute(cell, "s").flatMap { Int($0) } ?? 0)
                }
                if fields.count == column { fields.append(text) } else { fields[column] = text }
            }
            if fields.contains(where: { !$0.isEmpty }) { rows.append(CSVTable.Row(line: number, fields: fields)) }
        }
        guard let first = rows.first else { return CSVTable(header: [], rows: []) }
        return CSVTable(header: first.fields, rows: Array(rows.dropFirst()))
    }

    /// "BC12" → 54 (from 0).
    static func columnIndex(_ reference: String) -> Int {
        var index = 0
        for scalar in reference.unicodeScalars {
            guard ("A"..."Z").contains(scalar) else { break }
            index = index * 26 + Int(scalar.value - 64)
        }
        return max(0, index - 1)
    }
}

/// A workbook's number formats: which styles show a date, and how.
struct NumberFormats {
    /// Style index → format code (built-in date formats named by their code).
    var codes: [Int: String] = [:]

    static let builtInDates: [Int: String] = [
        14: "m/d/yyyy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 22: "m/d/yyyy h:mm",
    ]

    init() {}

    init(styles: XMLPart) {
        var custom: [Int: String] = [:]
        for format in styles.nodes("//s:numFmts/s:numFmt") {
            if let id = styles.attribute(format, "numFmtId").flatMap({ Int($0) }), let code = styles.attribute(format, "formatCode") { custom[id] = code }
        }
        for (index, xf) in styles.nodes("//s:cellXfs/s:xf").enumerated() {
            guard let id = styles.attribute(xf, "numFmtId").flatMap({ Int($0) }) else { continue }
            if let code = custom[id] ?? Self.builtInDates[id] { codes[index] = code }
        }
    }

    /// A number as its cell shows it: a date in its format, else without a trailing ".0".
    func display(_ value: String, style: Int) -> String {
        guard let number = Double(value) else { return value }
        if let code = codes[style], Self.isDate(code) { return Self.date(number, code: code) }
        if number.rounded() == number, abs(number) < 1e15 { return String(Int(number)) }
        return value
    }

    /// Whether a format code writes a date: d, m or y outside quotes and brackets.
    static func isDate(_ code: String) -> Bool {
        var inQuotes = false, inBrackets = false
        for character in code.lowercased() {
            switch character {
            case "\"": inQuotes.toggle()
            case "[": inBrackets = true
            case "]": inBrackets = false
            case "d", "m", "y": if !inQuotes && !inBrackets { return true }
            default: continue
            }
        }
        return false
    }

    /// A serial date (days since 1899-12-30, as Excel counts them) written with the code's
    /// day, month and year tokens and separators.
    static func date(_ serial: Double, code: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let base = DateComponents(calendar: calendar, year: 1899, month: 12, day: 30).date!
        let date = base.addingTimeInterval(serial.rounded(.down) * 86_400)
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        var out = ""
        var tokens = Array(code.lowercased().split(separator: ";").first.map(String.init) ?? code.lowercased())
        // Time parts and brackets are left out: a record's date is a day.
        if let space = tokens.firstIndex(of: " "), tokens[space...].contains(where: { $0 == "h" }) { tokens = Array(tokens[..<space]) }
        var index = 0
        while index < tokens.count {
            let character = tokens[index]
            var run = 1
            while index + run < tokens.count && tokens[index + run] == character { run += 1 }
            switch character {
            case "y": out += run <= 2 ? String(format: "%02d", (parts.year ?? 0) % 100) : String(parts.year ?? 0)
            case "m":
                let month = parts.month ?? 1
                out += run == 1 ? String(month) : run == 2 ? String(format: "%02d", month)
                    : run == 3 ? String(months[month - 1].prefix(3)) : months[month - 1]
            case "d": out += run == 1 ? String(parts.day ?? 1) : String(format: "%02d", parts.day ?? 1)
            case "\"", "\\", "[", "]", "@": break
            default: out += String(repeating: character, count: run)
            }
            index += run
        }
        return out
    }
}

/// One XML part of a workbook, with XPath (prefix `s` for SpreadsheetML, `p` for package
/// relationships).
final class XMLPart {
    let document: xmlDocPtr
    let queries: XPathQueries

    init?(data: Data) {
        _ = LibXML2.ready
        let parsed = data.withUnsafeBytes { buffer -> xmlDocPtr? in
            guard let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return xmlReadMemory(base, Int32(buffer.count), nil, "UTF-8", Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_HUGE.rawValue))
        }
        guard let parsed else { return nil }
        guard let queries = XPathQueries(document: parsed, namespaces: ["s": XLSXTable.main, "p": XLSXTable.package]) else {
            xmlFreeDoc(parsed)
            return nil
        }
        document = parsed
        self.queries = queries
    }

    deinit {
        xmlFreeDoc(document)
    }

    func nodes(_ xpath: String, from node: xmlNodePtr? = nil) -> [xmlNodePtr] {
        guard let start = node ?? xmlDocGetRootElement(document) else { return [] }
        return queries.nodes(xpath, from: start)
    }

    func attribute(_ node: xmlNodePtr, _ name: String, namespace: String? = nil) -> String? {
        let value = namespace.map { xmlGetNsProp(node, name, $0) } ?? xmlGetProp(node, name)
        guard let value else { return nil }
        defer { docent_xml_free(value) }
        return String(cString: value)
    }

    /// The text of the nodes an XPath finds from `node`, joined (rich text runs).
    func text(of node: xmlNodePtr, _ xpath: String) -> String {
        nodes(xpath, from: node).compactMap(XPathQueries.content).joined()
    }
}
