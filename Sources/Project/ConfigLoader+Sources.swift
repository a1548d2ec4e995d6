import Catalog
import Prose

extension ConfigLoader {
    static let sourceKeys = ["path", "format", "root", "fields", "language", "null_values", "html", "header", "namespaces", "sheet"]
    static let sourceFormats = RecordFormat.named.map(\.rawValue)
    /// Formats an export may come in that Docent does not read yet: named so, not "unknown".
    static let unreadFormats = ["xls", "ods"]

    /// `sources.artworks`: paths, or objects with a path, a format or preset, and a mapping.
    static func readArtworkSources(_ value: RecordValue.Located?, reader: inout ConfigReader) -> [RecordSource] {
        guard let value else { return [RecordSource(path: "artworks")] }
        guard case .array(let items) = value.value else {
            reader.problem("$.sources.artworks", value.line, "expected a list of paths or source objects, found \(value.value.kindName)")
            return []
        }
        var sources: [RecordSource] = []
        for (index, item) in items.enumerated() {
            let path = "$.sources.artworks[\(index)]"
            if case .string(let text) = item.value {
                sources.append(RecordSource(path: text))
                continue
            }
            guard case .object = item.value else {
                reader.problem(path, item.line, "expected a path or a source object, found \(item.value.kindName)")
                continue
            }
            if let source = readSource(item, path: path, reader: &reader) { sources.append(source) }
        }
        return sources
    }

    private static func readSource(_ item: RecordValue.Located, path: String, reader: inout ConfigReader) -> RecordSource? {
        let fields = reader.object(item, path, allowed: sourceKeys)
        guard let location = reader.string(fields["path"], "\(path).path") else {
            if fields["path"] == nil { reader.problem("\(path).path", item.line, "is missing: the file, folder or glob of the records") }
            return nil
        }
        var source = RecordSource(path: location)
        if let format = reader.string(fields["format"], "\(path).format") {
            if let preset = RecordPreset(rawValue: format) {
                source = RecordSource.preset(preset, path: location)
            } else if let named = RecordFormat(rawValue: format), RecordFormat.named.contains(named) {
                source.format = named
            } else if unreadFormats.contains(format) {
                reader.problem("\(path).format", fields["format"]?.line, "'\(format)' records cannot be read by this version of Docent yet; "
                               + "export JSON, YAML or CSV, or use a preset (\(RecordPreset.names.joined(separator: ", ")))")
                return nil
            } else {
                let choices = sourceFormats + RecordPreset.names
                reader.problem("\(path).format", fields["format"]?.line, "'\(format)' is not a format or preset (\(choices.joined(separator: ", ")))"
                               + Suggestion.hint(for: format, in: choices))
                return nil
            }
        }
        if let language = reader.string(fields["language"], "\(path).language") {
            if LanguageCode.isValid(language) { source.language = language } else {
                reader.problem("\(path).language", fields["language"]?.line, "'\(language)' is not a language code like 'fr' or 'en'")
            }
        }
        if let nulls = fields["null_values"] {
            if case .array(let items) = nulls.value {
                source.nullValues = items.compactMap { $0.value.scalarText }
            } else {
                reader.problem("\(path).null_values", nulls.line, "expected a list of values that mean 'no value', found \(nulls.value.kindName)")
            }
        }
        if let html = reader.strings(fields["html"], "\(path).html") { source.html = html }
        // XML: an element name as root, and XPaths for the fields.
        if source.format == .xml {
            return readXMLSource(source, fields, item: item, path: path, reader: &reader)
        }
        if let root = reader.string(fields["root"], "\(path).root") {
            do { source.root = try RecordPath(root) } catch { reader.problem("\(path).root", fields["root"]?.line, error.description) }
        }
        if let header = reader.bool(fields["header"], "\(path).header") { source.header = header }
        if let sheet = reader.string(fields["sheet"], "\(path).sheet") { source.sheet = sheet }
        if let mapping = fields["fields"] {
            guard case .object(let entries) = mapping.value else {
                reader.problem("\(path).fields", mapping.line, "expected an object of Docent field: path, found \(mapping.value.kindName)")
                return nil
            }
            let known = CatalogLoader.recordFields
            for entry in entries {
                let fieldPath = "\(path).fields[\"\(entry.key)\"]"
                guard known.contains(entry.key) || entry.key.hasPrefix("title_") else {
                    reader.problem(fieldPath, entry.value.line, "'\(entry.key)' is not a record field" + Suggestion.hint(for: entry.key, in: known))
                    continue
                }
                if let mapped = readMapping(entry.value, field: entry.key, path: fieldPath, reader: &reader) {
                    source.fields[entry.key] = mapped
                }
            }
        }
        if source.isMapped, source.fields["id"] == nil {
            reader.problem("\(path).fields", fields["fields"]?.line ?? item.line, "maps no 'id' (the accession number, usually): every record needs one")
        }
        if source.isMapped, source.fields["title"] == nil {
            reader.problem("\(path).fields", fields["fields"]?.line ?? item.line, "maps no 'title'")
        }
        return source
    }

    /// An XML source (its common keys already read): the record element, namespace prefixes,
    /// and each field's XPath.
    private static func readXMLSource(_ source: RecordSource, _ fields: [String: RecordValue.Located], item: RecordValue.Located,
                                      path: String, reader: inout ConfigReader) -> RecordSource? {
        var source = source
        guard let element = reader.string(fields["root"], "\(path).root") else {
            reader.problem("\(path).root", item.line, "is missing: the name of the element that holds one record (e.g. \"record\" or \"ns:object\")")
            return nil
        }
        source.xmlRecordElement = element
        if let value = fields["namespaces"] {
            if case .object(let entries) = value.value {
                for entry in entries {
                    if let uri = reader.string(entry.value, "\(path).namespaces.\(entry.key)") { source.xmlNamespaces[entry.key] = uri }
                }
            } else {
                reader.problem("\(path).namespaces", value.line, "expected an object of prefix: namespace URI, found \(value.value.kindName)")
            }
        }
        if let prefix = element.split(separator: ":").first, element.contains(":"), source.xmlNamespaces[String(prefix)] == nil {
            reader.problem("\(path).namespaces", fields["root"]?.line, "the prefix '\(prefix)' of the root element is not declared")
        }
        guard let mapping = fields["fields"], case .object(let entries) = mapping.value else {
            reader.problem("\(path).fields", fields["fields"]?.line ?? item.line, "is missing: an XML source needs the XPath of each field")
            return nil
        }
        let known = CatalogLoader.recordFields
        func xpath(_ value: RecordValue.Located?, _ at: String) -> String? {
            guard let text = reader.string(value, at) else { return nil }
            guard XMLRecordReader.isValidXPath(text) else {
                reader.problem(at, value?.line, "'\(text)' is not a valid XPath")
                return nil
            }
            return text
        }
        for entry in entries {
            let at = "\(path).fields[\"\(entry.key)\"]"
            guard known.contains(entry.key) || entry.key.hasPrefix("title_") else {
                reader.problem(at, entry.value.line, "'\(entry.key)' is not a record field" + Suggestion.hint(for: entry.key, in: known))
                continue
            }
            if entry.key == "makers", case .object = entry.value.value {
                let parts = reader.object(entry.value, at, allowed: ["path", "name", "role", "born", "died", "nationality"])
                guard let base = xpath(parts["path"], "\(at).path") else { continue }
                source.xmlFields["makers"] = .makers(path: base, name: xpath(parts["name"], "\(at).name"), role: xpath(parts["role"], "\(at).role"),
                                                     born: xpath(parts["born"], "\(at).born"), died: xpath(parts["died"], "\(at).died"),
                                                     nationality: xpath(parts["nationality"], "\(at).nationality"))
            } else if let found = xpath(entry.value, at) {
                source.xmlFields[entry.key] = .xpath(found)
            }
        }
        if source.xmlFields["id"] == nil { reader.problem("\(path).fields", mapping.line, "maps no 'id' (the accession number, usually): every record needs one") }
        if source.xmlFields["title"] == nil { reader.problem("\(path).fields", mapping.line, "maps no 'title'") }
        return source
    }

    /// A field's mapping: a path, or for makers an object of `path` and sub-paths.
    private static func readMapping(_ value: RecordValue.Located, field: String, path: String,
                                    reader: inout ConfigReader) -> RecordSource.FieldMapping? {
        func recordPath(_ text: String?, _ at: String, _ line: Int?) -> RecordPath? {
            guard let text else { return nil }
            do { return try RecordPath(text) } catch {
                reader.problem(at, line, error.description)
                return nil
            }
        }
        switch value.value {
        case .string(let text):
            return recordPath(text, path, value.line).map { .path($0) }
        case .number(let number) where number >= 1 && number.rounded() == number:
            // A column number, for a CSV without a header row.
            return recordPath(String(Int(number)), path, value.line).map { .path($0) }
        case .object where field == "makers":
            let parts = reader.object(value, path, allowed: ["path", "name", "role", "born", "died", "nationality", "dates"])
            guard let base = recordPath(reader.string(parts["path"], "\(path).path"), "\(path).path", parts["path"]?.line) else {
                if parts["path"] == nil { reader.problem("\(path).path", value.line, "is missing: where the makers are") }
                return nil
            }
            func sub(_ key: String) -> RecordPath? { recordPath(reader.string(parts[key], "\(path).\(key)"), "\(path).\(key)", parts[key]?.line) }
            return .makers(path: base, name: sub("name"), role: sub("role"), born: sub("born"), died: sub("died"), nationality: sub("nationality"),
                           dates: sub("dates"))
        default:
            reader.problem(path, value.line, "expected a path like \"contributors[role=artist].name\"\(field == "makers" ? " or an object with path, name, role, born, died, nationality" : ""), found \(value.value.kindName)")
            return nil
        }
    }
}
