import Foundation
import Prose

/// The records of a run: the artworks that loaded, and every problem met on the way.
package struct Catalog: Sendable {
    package var artworks: [Artwork]
    package var issues: [LoadIssue]
    /// The file each artwork came from, by id.
    package var sources: [String: String]
    /// Artwork folders in the output folder that no record names any more, by name.
    package var retired: [String] = []

    package var errors: [LoadIssue] { issues.filter { $0.severity == .error } }
    package var warnings: [LoadIssue] { issues.filter { $0.severity == .warning } }
}

/// Loads artwork records from files and folders: JSON (one record or a list), YAML (one
/// record, a list, or `---` documents) and CSV (one record a row, columns mapped to fields).
package struct CatalogLoader: Sendable {
    package static let recordExtensions = Set([RecordFormat.json, .yaml, .csv, .xlsx].flatMap(\.extensions))

    /// Language of records that do not name their own.
    package var defaultLanguage: String
    /// CSV header → record field, for columns whose names are not already field names.
    package var csvColumns: [String: String]

    /// Folders never searched for records (the output folder, when it lies inside a source).
    package var excludedFolders: [String]

    package init(defaultLanguage: String, csvColumns: [String: String] = [:], excludedFolders: [String] = []) {
        self.defaultLanguage = defaultLanguage
        self.csvColumns = csvColumns
        self.excludedFolders = excludedFolders
    }

    /// Loads every record under `paths` (files, or folders searched recursively, in name order):
    /// Docent's own JSON, YAML and CSV records. Paths in messages are shown relative to `base`.
    package func load(paths: [String], relativeTo base: String = FileManager.default.currentDirectoryPath) -> Catalog {
        load(sources: paths.map { RecordSource(path: $0) }, relativeTo: base)
    }

    /// Loads every source: its files in name order, read in its format, mapped when it has a
    /// mapping. Paths in messages are shown relative to `base` when they lie under it.
    package func load(sources: [RecordSource], relativeTo base: String = FileManager.default.currentDirectoryPath) -> Catalog {
        var catalog = Catalog(artworks: [], issues: [], sources: [:])
        var seen: [String: String] = [:]  // lowercased id → file:line that claimed it
        for (file, fileSource) in files(of: sources, base: base, issues: &catalog.issues) {
            let shown = Self.display(file, base: base)
            for (artwork, line) in loadFile(file, source: fileSource, shown: shown, issues: &catalog.issues) {
                let key = artwork.id.lowercased()
                if let first = seen[key] {
                    catalog.issues.append(LoadIssue(file: shown, line: line, field: "id",
                        message: "'\(artwork.id)' is already used by the record at \(first)"))
                    continue
                }
                seen[key] = "\(shown):\(line)"
                catalog.sources[artwork.id] = shown
                catalog.artworks.append(artwork)
            }
        }
        return catalog
    }

    /// Every file the sources read, each once, in the order they first come, with the source it
    /// is read with. A file named twice (a folder, and the file in it) is read where it first
    /// came, with the first of its sources that names a format: `artworks/` has none, and
    /// `{"path": "artworks/tate.json", "format": "tate"}` after it is what the user meant.
    private func files(of sources: [RecordSource], base: String, issues: inout [LoadIssue]) -> [(path: String, source: RecordSource)] {
        var files: [(path: String, source: RecordSource, namedFormat: Bool)] = []
        var position: [String: Int] = [:]
        for source in sources {
            for (file, fileSource) in recordFiles(for: source, base: base, issues: &issues) {
                guard let index = position[file] else {
                    position[file] = files.count
                    files.append((file, fileSource, source.format != nil))
                    continue
                }
                if !files[index].namedFormat, source.format != nil {
                    files[index] = (file, fileSource, true)
                }
            }
        }
        return files.map { ($0.path, $0.source) }
    }

    package static func display(_ path: String, base: String) -> String {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// The extensions a source reads: its format's, or Docent's own record files.
    static func extensions(for source: RecordSource) -> Set<String> {
        source.format?.extensions ?? recordExtensions
    }

    /// The files a source reads, in name order, each with the source it is read with (a LIDO
    /// file in a source without a format: the `lido` preset).
    private func recordFiles(for source: RecordSource, base: String, issues: inout [LoadIssue]) -> [(path: String, source: RecordSource)] {
        let fm = FileManager.default
        let readable = Self.extensions(for: source)
        /// How a file is read: in the source's format (a file named by a path or a glob, in it
        /// whatever its extension), else as the preset its content names.
        func reading(_ file: String, named: Bool) -> (path: String, source: RecordSource)? {
            if readable.contains((file as NSString).pathExtension.lowercased()) || (named && source.format != nil) { return (file, source) }
            return Self.recognizedSource(file, in: source).map { (file, $0) }
        }
        if source.path.contains("*") || source.path.contains("?") {
            let matches = Self.glob(source.path, base: base).compactMap { reading($0, named: true) }
            if matches.isEmpty { issues.append(LoadIssue(file: source.path, line: nil, message: "no file matches")) }
            return matches
        }
        let path = source.path
        let absolute = path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
            issues.append(LoadIssue(file: path, line: nil, message: "no such file or folder"))
            return []
        }
        if !isDirectory.boolValue {
            let ext = (absolute as NSString).pathExtension.lowercased()
            // A file named with its format is read whatever its extension.
            if let file = reading(absolute, named: true) { return [file] }
            issues.append(LoadIssue(file: Self.display(absolute, base: base), line: nil, message: Self.unreadableFormat(ext)))
            return []
        }
        guard let walker = fm.enumerator(atPath: absolute) else { return [] }
        var found: [(path: String, source: RecordSource)] = []
        var ignored: [String] = []
        var unreadable: [String] = []
        let excluded = Set(excludedFolders.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        for case let relative as String in walker {
            let name = (relative as NSString).lastPathComponent
            let full = (absolute as NSString).appendingPathComponent(relative)
            // Hidden files and folders, the output folder, a project's own configuration.
            if name.hasPrefix(".") || excluded.contains(URL(fileURLWithPath: full).standardizedFileURL.path) {
                walker.skipDescendants()
                continue
            }
            if name == "pipeline.json" { continue }
            var isFolder: ObjCBool = false
            if fm.fileExists(atPath: full, isDirectory: &isFolder), isFolder.boolValue { continue }
            let ext = (name as NSString).pathExtension.lowercased()
            if let file = reading(full, named: false) {
                found.append(file)
            } else if Self.dataExtensions.contains(ext) {
                unreadable.append(full)
            } else {
                ignored.append(relative)
            }
        }
        // Records in a format Docent does not read: errors, never skipped in silence.
        for file in unreadable.sorted() {
            issues.append(LoadIssue(file: Self.display(file, base: base), line: nil,
                                    message: Self.unreadableFormat((file as NSString).pathExtension.lowercased())))
        }
        if !ignored.isEmpty {
            // Images and notes beside the records: said once, not an error.
            let names = ignored.sorted()
            let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "")
            issues.append(LoadIssue(file: Self.display(absolute, base: base), line: nil,
                                    message: "\(names.count) file\(names.count == 1 ? " is" : "s are") not a record format and \(names.count == 1 ? "was" : "were") not read (\(shown))",
                                    severity: .warning))
        }
        return found.sorted { $0.path < $1.path }
    }

    /// Files matching a glob (`*` within a folder name, `**` across folders, `?` one character),
    /// relative to `base`, in name order.
    static func glob(_ pattern: String, base: String) -> [String] {
        let absolute = pattern.hasPrefix("/") ? pattern : (base as NSString).appendingPathComponent(pattern)
        let parts = absolute.split(separator: "/", omittingEmptySubsequences: false)
        let fixed = parts.prefix { !$0.contains("*") && !$0.contains("?") }.joined(separator: "/")
        let root = fixed.isEmpty ? "/" : fixed
        var regex = "^"
        for character in absolute.dropFirst(fixed.count) {
            switch character {
            case "*": regex += "\u{1}"
            case "?": regex += "[^/]"
            default: regex += NSRegularExpression.escapedPattern(for: String(character))
            }
        }
        regex = regex.replacingOccurrences(of: "\u{1}\u{1}/", with: "(.*/)?").replacingOccurrences(of: "\u{1}\u{1}", with: ".*")
            .replacingOccurrences(of: "\u{1}", with: "[^/]*") + "$"
        guard let matcher = try? Regex(regex), let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var matches: [String] = []
        for case let relative as String in walker {
            let suffix = "/" + relative
            guard (try? matcher.wholeMatch(in: suffix)) != nil else { continue }
            var isDirectory: ObjCBool = false
            let full = (root as NSString).appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue { matches.append(full) }
        }
        return matches.sorted()
    }

    /// Extensions of data files that may hold records in a format Docent does not read.
    static let dataExtensions: Set<String> = ["xml", "lido", "xls", "ods", "tsv", "tab", "jsonl", "ndjson", "jsonld", "rdf", "ttl"]

    static func unreadableFormat(_ ext: String) -> String {
        "is not in a record format Docent reads (JSON, YAML, CSV or XLSX; LIDO; other XML with a format)" + (ext.isEmpty ? "" : ", so its records (.\(ext)) were not loaded")
    }

    private func loadFile(_ path: String, source: RecordSource, shown: String, issues: inout [LoadIssue]) -> [(Artwork, Int)] {
        var source = source
        guard let format = source.format ?? RecordFormat(fileExtension: (path as NSString).pathExtension) else {
            issues.append(LoadIssue(file: shown, line: nil, message: Self.unreadableFormat((path as NSString).pathExtension.lowercased())))
            return []
        }
        // Workbooks and XML are read from the file as they go (a large export is never held
        // as text); the rest is read whole.
        let streamed = format.isStreamed
        let text: String
        if streamed {
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            guard let size else {
                issues.append(LoadIssue(file: shown, line: nil, message: "cannot be read"))
                return []
            }
            if size == 0 {
                issues.append(LoadIssue(file: shown, line: nil, message: "is empty: no records"))
                return []
            }
            text = ""
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                issues.append(LoadIssue(file: shown, line: nil, message: "cannot be read"))
                return []
            }
            guard let decoded = String(data: data, encoding: .utf8) else {
                issues.append(LoadIssue(file: shown, line: nil, message: "is not UTF-8 text"))
                return []
            }
            if decoded.allSatisfy(\.isWhitespace) {
                issues.append(LoadIssue(file: shown, line: nil, message: "is empty: no records"))
                return []
            }
            text = decoded
            // A Linked Art record among Docent's own JSON records: read with its preset.
            if format == .json, source.format == nil,
               let preset = Self.recognizedPreset(head: String(decoding: text.utf8.prefix(Self.recognizedHead), as: UTF8.self), format: .json) {
                source = source.read(as: preset)
            }
        }
        let language = source.language ?? defaultLanguage
        var decoder = RecordDecoder(file: shown, defaultLanguage: language)
        // Exports read with a preset or mapping: participants' roles decide who made the work.
        decoder.strictRoles = source.isMapped || format.isExport || source.format == .linkedArt
        var records: [RecordValue.Located]
        var csvDecoder: RecordDecoder?
        // A mapped CSV's first record, to show beside column numbers when it is not its shape.
        var firstRow: [String]?
        switch format {
        case .json, .linkedArt:
            do {
                let document = try JSONRecordParser.parse(text)
                if !source.isMapped, source.root == nil, let lookalike = Self.jsonLookalike(document.value) {
                    issues.append(Self.presetHint(lookalike, file: shown, ignored: Self.unknownKeys(document.value)))
                    decoder.reportUnknownKeys = false
                }
                records = Self.recordsAt(source.root, in: [document])
                if source.format == .linkedArt {
                    records = records.map { LinkedArtRecord.record($0, language: source.language) }
                }
            } catch {
                issues.append(LoadIssue(file: shown, line: error.line, message: "invalid JSON: \(error.message)\(error.column.map { " (column \($0))" } ?? "")"))
                return []
            }
        case .jsonl:
            var values: [RecordValue.Located] = []
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                do {
                    values.append(Self.shifted(try JSONRecordParser.parse(String(line)), by: index))
                } catch {
                    issues.append(LoadIssue(file: shown, line: index + 1, message: "invalid JSON: \(error.message)\(error.column.map { " (column \($0))" } ?? "")"))
                }
            }
            records = Self.recordsAt(source.root, in: values)
        case .yaml:
            let reading = YAMLRecordReader.read(text)
            records = Self.recordsAt(source.root, in: reading.documents)
            if let problem = reading.problem {
                // The documents before the error still load; the error names where it is, and
                // that what follows it was not read.
                let kept = records.isEmpty ? "" : "; the \(records.count) record\(records.count == 1 ? "" : "s") before it loaded, nothing after it"
                issues.append(LoadIssue(file: shown, line: problem.line, column: problem.column, message: "invalid \(problem.message)\(kept)"))
            }
        case .lido, .xml:
            // Decoded as they stream by: a file of many thousands of records is never held as
            // a whole, only the artworks it gives.
            var artworks: [(Artwork, Int)] = []
            let lido = format == .lido
            let reader = lido ? LIDORecord.reader
                : XMLRecordReader(recordElement: source.xmlRecordElement ?? "record", namespaces: source.xmlNamespaces)
            let mapping = RecordMapping(source: source)
            let reading = reader.read(path: path) { node in
                let extracted = lido ? LIDORecord.record(node, language: source.language) : XMLRecordReader.record(node, source: source)
                let record = RecordMapping.withSafeID(mapping.cleaned(extracted))
                let outcome = decoder.decode(record)
                issues += outcome.issues
                if let artwork = outcome.artwork { artworks.append((artwork, record.line)) }
            }
            if let problem = reading.problem {
                let kept = reading.count == 0 ? "" : "; the \(reading.count) record\(reading.count == 1 ? "" : "s") before it loaded, nothing after it"
                issues.append(LoadIssue(file: shown, line: problem.line, message: "invalid XML: \(problem.message)\(kept)"))
            } else if reading.count == 0 {
                issues.append(LoadIssue(file: shown, line: nil, message: lido ? "no lido:lido record (namespace \(LIDORecord.namespace)) in this file"
                                        : "no <\(reader.recordElement)> element in this file"))
            }
            return artworks
        case .csv, .tsv, .xlsx:
            let table: CSVTable
            if format == .xlsx {
                do {
                    table = try XLSXTable.read(path: path, sheet: source.sheet)
                } catch {
                    issues.append(LoadIssue(file: shown, line: nil, message: error.message))
                    return []
                }
            } else {
                let reading = CSVTable.read(text)
                table = reading.table
                if let problem = reading.problem {
                    // The rows before an unbalanced quote are sound: they load, and the
                    // problem says where the rest stopped.
                    let kept = table.rows.count
                    guard kept > 0 else {
                        issues.append(LoadIssue(file: shown, line: problem.line, message: "invalid CSV: \(problem.message)"))
                        return []
                    }
                    issues.append(LoadIssue(file: shown, line: problem.line, message: "invalid CSV: \(problem.message); the \(kept) row\(kept == 1 ? "" : "s") before it loaded, nothing from it on"))
                }
            }
            if source.isMapped {
                let hasHeader = source.header || (source.headerMarker.map { table.header.first == $0 } ?? false)
                records = Self.rows(of: table, header: hasHeader, numbered: !source.header)
                firstRow = hasHeader ? table.rows.first?.fields : table.header
            } else {
                records = csvRecords(table, shown: shown, issues: &issues)
                csvDecoder = RecordDecoder(file: shown, defaultLanguage: language, reportUnknownKeys: false)
            }
        }
        if let root = source.root, records.isEmpty {
            issues.append(LoadIssue(file: shown, line: nil, message: "no records at '\(root)'"))
        }
        let mapping = source.isMapped ? RecordMapping(source: source) : nil
        var artworks: [(Artwork, Int)] = []
        // The first record's own keys, to say what a file read with the wrong preset holds.
        let firstKeys: [String] = records.first.map { first in
            if case .object(let fields) = first.value { return fields.map(\.key) }
            return []
        } ?? []
        let recordCount = records.count
        var recordIssues: [LoadIssue] = []
        // Each record's tree is let go once decoded: a large export is not held twice.
        records.reverse()
        while let raw = records.popLast() {
            let record = mapping?.apply(raw) ?? raw
            let outcome = (csvDecoder ?? decoder).decode(record)
            recordIssues += outcome.issues
            if let artwork = outcome.artwork { artworks.append((artwork, record.line)) }
        }
        // A preset given a file of another shape: not one error per record, but one that says
        // which fields the preset reads and which the file has.
        if let preset = source.preset, artworks.isEmpty, recordCount > 0, format != .csv,
           recordIssues.contains(where: { $0.message == "is missing" && ["id", "title"].contains($0.field ?? "") }) {
            let reads = ["id", "title"].compactMap { field -> String? in
                guard case .path(let path)? = source.fields[field] else { return nil }
                return "\(field) from '\(path)'"
            }.joined(separator: ", ")
            issues.append(LoadIssue(file: shown, line: nil, message: "does not look like the '\(preset)' preset's shape: none of its \(recordCount) "
                + "record\(recordCount == 1 ? " has" : "s have") what the preset reads (\(reads.isEmpty ? "its fields" : reads)); "
                + "the first record's keys are \(firstKeys.prefix(12).joined(separator: ", "))\(firstKeys.count > 12 ? ", …" : ""). "
                + "Map its fields instead: {\"path\": \"\(shown)\", \"format\": \"json\", \"fields\": {\"id\": \"…\", \"title\": \"…\"}}"))
            return []
        }
        issues += recordIssues
        return Self.checkShape(artworks, preset: source.preset, file: shown, firstRow: firstRow, issues: &issues)
    }

    /// The records inside parsed documents: at `root` when given; a list gives its items.
    static func recordsAt(_ root: RecordPath?, in documents: [RecordValue.Located]) -> [RecordValue.Located] {
        let found = root.map { root in documents.flatMap { root.values(in: $0) } } ?? documents
        return found.flatMap { value -> [RecordValue.Located] in
            if case .array(let items) = value.value { return items }
            return [value]
        }
    }

    /// A CSV table's rows as objects keyed by column name, or by column number from 1
    /// (`numbered`); without a header row, the first row is a record.
    static func rows(of table: CSVTable, header: Bool, numbered: Bool) -> [RecordValue.Located] {
        let rows = header ? table.rows : [CSVTable.Row(line: 1, fields: table.header)] + table.rows
        let names = !numbered ? table.header : (0..<(rows.map(\.fields.count).max() ?? 0)).map { String($0 + 1) }
        return rows.map { row in
            let fields = zip(names, row.fields).map { name, value in
                RecordValue.Field(key: name, value: .init(value.isEmpty ? .null : .string(value), line: row.line))
            }
            return .init(.object(fields), line: row.line)
        }
    }

    /// A value parsed from one line of a JSON Lines file, its lines counted from the file's start.
    static func shifted(_ value: RecordValue.Located, by offset: Int) -> RecordValue.Located {
        switch value.value {
        case .array(let items):
            return .init(.array(items.map { shifted($0, by: offset) }), line: value.line + offset)
        case .object(let fields):
            return .init(.object(fields.map { .init(key: $0.key, value: shifted($0.value, by: offset)) }), line: value.line + offset)
        default:
            return .init(value.value, line: value.line + offset)
        }
    }

    /// Maps CSV columns to record fields and turns each row into a record object.
    private func csvRecords(_ table: CSVTable, shown: String, issues: inout [LoadIssue]) -> [RecordValue.Located] {
        // Two spellings of one column ("Title", "title"): the first by key order wins, in every process.
        let mapping = Dictionary(csvColumns.sortedByKey().map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        // A CSV without a header row: one error that shows the mapping to start from, not one
        // complaint per column and per row.
        if Self.firstRowIsData(table.header, mapped: Set(mapping.keys)) {
            issues.append(LoadIssue(file: shown, line: 1, message: "looks like a CSV without a header row (its first row is data, "
                + "not column names); map its columns by position with \"header\": false in sources, starting from "
                + Self.positionalMapping(file: shown, row: table.header)))
            return []
        }
        var fieldForColumn: [String?] = []
        var unknown: [String] = []
        for header in table.header {
            if let field = mapping[header.lowercased()] {
                fieldForColumn.append(field)
                continue
            }
            let normalized = header.lowercased().replacingOccurrences(of: " ", with: "_")
            if RecordDecoder.knownFields.contains(normalized) || normalized.hasPrefix("title_") {
                fieldForColumn.append(normalized)
            } else {
                fieldForColumn.append(nil)
                if !header.isEmpty { unknown.append(header) }
            }
        }
        if let lookalike = Self.lookalike(table.header, in: Self.csvLookalikes) {
            issues.append(Self.presetHint(lookalike, file: shown, ignored: unknown))
        } else if !unknown.isEmpty {
            issues.append(LoadIssue(file: shown, line: 1, message:
                "columns not mapped to record fields, ignored: \(unknown.joined(separator: ", ")) "
                + "(map them under sources.csv_columns in pipeline.json)", severity: .warning))
        }
        return table.rows.map { row in
            if row.fields.count != table.header.count {
                issues.append(LoadIssue(file: shown, line: row.line, message:
                    "has \(row.fields.count) fields, the header has \(table.header.count)", severity: .warning))
            }
            var fields: [RecordValue.Field] = []
            for (index, value) in row.fields.enumerated() where index < fieldForColumn.count {
                guard let field = fieldForColumn[index] else { continue }
                fields.append(.init(key: field, value: .init(value.isEmpty ? .null : .string(value), line: row.line)))
            }
            return .init(.object(fields), line: row.line)
        }
    }
}

extension CatalogLoader {
    /// The record field names a CSV column can be mapped to.
    package static var recordFields: [String] { RecordDecoder.knownFields.sorted() }
}
