import Foundation
import Prose

/// Turns a source record (an export's own field names and nesting) into a record with
/// Docent's field names, which `RecordDecoder` then reads as usual. Values keep the line they
/// came from, so problems still name `file:line`.
struct RecordMapping {
    var source: RecordSource

    /// Fields read as lists; the others take their first value.
    static let listFields: Set<String> = ["themes"]

    func apply(_ record: RecordValue.Located) -> RecordValue.Located {
        var fields: [RecordValue.Field] = []
        // By field name: the same record in every process.
        for (field, mapping) in source.fields.sorted(by: { $0.key < $1.key }) {
            switch mapping {
            case .path(let path):
                // A list at the path gives its items ("artist_titles": ["…", "…"]).
                let values = Self.items(at: path, in: record).compactMap { clean($0, field: field) }
                if field == "makers" || Self.listFields.contains(field) {
                    if !values.isEmpty { fields.append(.init(key: field, value: .init(.array(values), line: values[0].line))) }
                } else if let first = values.first {
                    fields.append(.init(key: field, value: field == "id" ? Self.safeID(first) : first))
                }
            case .makers(let path, let name, let role, let born, let died, let nationality, let dates):
                var makers: [RecordValue.Located] = []
                // Every participant, not the first alone.
                for element in Self.items(at: path, in: record) {
                    if case .string = element.value, let text = clean(element, field: "makers") {
                        makers.append(text)
                        continue
                    }
                    var parts: [RecordValue.Field] = []
                    for (key, subpath) in [("name", name), ("role", role), ("born", born), ("died", died), ("nationality", nationality), ("dates", dates)] {
                        guard let subpath, let value = subpath.values(in: element).lazy.compactMap({ clean($0, field: "makers") }).first else { continue }
                        parts.append(.init(key: key, value: value))
                    }
                    if parts.contains(where: { $0.key == "name" }) { makers.append(.init(.object(parts), line: element.line)) }
                }
                if !makers.isEmpty { fields.append(.init(key: "makers", value: .init(.array(makers), line: makers[0].line))) }
            case .template(let text, let path):
                guard let first = path.values(in: record).lazy.compactMap({ clean($0, field: field) }).first,
                      case .string(let value) = first.value else { continue }
                // Percent-encoded: an id stays one segment of the address, whatever it holds.
                fields.append(.init(key: field, value: .init(.string(text.replacingOccurrences(of: "{}", with: value.percentEncodedUnreserved)),
                                                             line: first.line)))
            }
        }
        if let language = source.language, !fields.contains(where: { $0.key == "language" }) {
            fields.append(.init(key: "language", value: .init(.string(language), line: record.line)))
        }
        return .init(.object(fields), line: record.line)
    }

    /// The values at a path, a list giving its items.
    static func items(at path: RecordPath, in record: RecordValue.Located) -> [RecordValue.Located] {
        path.values(in: record).flatMap { value -> [RecordValue.Located] in
            if case .array(let items) = value.value { return items }
            return [value]
        }
    }

    /// A record already in Docent's field names (XML), its scalars cleaned as mapped ones are.
    func cleaned(_ record: RecordValue.Located) -> RecordValue.Located {
        guard case .object(let fields) = record.value else { return record }
        let kept = fields.compactMap { field -> RecordValue.Field? in
            switch field.value.value {
            case .array(let items):
                let values = items.compactMap { item -> RecordValue.Located? in
                    if case .object(let parts) = item.value {
                        let cleanedParts = parts.compactMap { part in clean(part.value, field: field.key).map { RecordValue.Field(key: part.key, value: $0) } }
                        return cleanedParts.contains { $0.key == "name" } ? .init(.object(cleanedParts), line: item.line) : nil
                    }
                    return clean(item, field: field.key)
                }
                return values.isEmpty ? nil : .init(key: field.key, value: .init(.array(values), line: field.value.line))
            default:
                return clean(field.value, field: field.key).map { .init(key: field.key, value: $0) }
            }
        }
        return .init(.object(kept), line: record.line)
    }

    /// A scalar as Docent keeps it: null values dropped, HTML made plain, white space tidied.
    func clean(_ value: RecordValue.Located, field: String) -> RecordValue.Located? {
        guard var text = value.value.scalarText else { return nil }
        if source.html.contains(field) { text = HTMLText.plain(text) }
        text = Self.tidy(text)
        if source.nullValues.contains(text) { return nil }
        return .init(.string(text), line: value.line)
    }

    /// Line breaks as \n, spaces collapsed within lines, blank lines at the ends dropped.
    static func tidy(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ") }
            .joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A record whose `id` field is made folder-safe.
    static func withSafeID(_ record: RecordValue.Located) -> RecordValue.Located {
        guard case .object(let fields) = record.value else { return record }
        return .init(.object(fields.map { $0.key == "id" ? .init(key: "id", value: safeID($0.value)) : $0 }), line: record.line)
    }

    /// Ids name folders: characters a folder name may not hold become '-' (an accession
    /// number such as "1999/2 a" gives "1999-2-a").
    static func safeID(_ value: RecordValue.Located) -> RecordValue.Located {
        guard let text = value.value.scalarText else { return value }
        var id = String(text.unicodeScalars.map { scalar -> Character in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".": Character(scalar)
            default: "-"
            }
        })
        while id.contains("--") { id = id.replacingOccurrences(of: "--", with: "-") }
        id = id.trimmingCharacters(in: CharacterSet(charactersIn: "-."))
        return .init(.string(id), line: value.line)
    }
}
