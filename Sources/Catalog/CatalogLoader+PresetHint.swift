/// Exports Docent has a preset for, but does not switch to by itself: read as Docent's own
/// record fields, a Tate file has no artist and twenty fields ignored, yet reading it with the
/// preset would change its artworks' ids (Tate's `acno` is not its `id`), and so move a folder's
/// approved drafts aside. Such a file gets one warning that names the preset and the line to
/// add, instead of a warning for each field it has.
extension CatalogLoader {
    /// A preset and how its export is called, told apart by the names an export always has.
    struct PresetLookalike: Sendable {
        var preset: RecordPreset
        var export: String
        var names: [String]
    }

    /// JSON exports, by the keys of a record object (or of the response that holds them).
    static let jsonLookalikes = [
        PresetLookalike(preset: .tate, export: "Tate's collection JSON", names: ["acno", "all_artists", "contributors"]),
        PresetLookalike(preset: .cooperHewitt, export: "Cooper Hewitt's object JSON", names: ["tms:id", "accession_number"]),
        PresetLookalike(preset: .rijksmuseum, export: "a Rijksmuseum collection API object", names: ["artObject"]),
        PresetLookalike(preset: .aic, export: "an Art Institute of Chicago API response", names: ["data", "info"]),
    ]

    /// CSV exports, by their header's column names.
    static let csvLookalikes = [
        PresetLookalike(preset: .tateCSV, export: "Tate's artwork_data.csv", names: ["accession_number", "artist", "dateText"]),
        PresetLookalike(preset: .nga, export: "the National Gallery of Art's objects.csv", names: ["objectid", "accessionnum", "attribution"]),
    ]

    /// The lookalike whose names are all among `names`; the first in the lists' order.
    static func lookalike(_ names: [String], in candidates: [PresetLookalike]) -> PresetLookalike? {
        let present = Set(names)
        return candidates.first { $0.names.allSatisfy(present.contains) }
    }

    /// The JSON export a parsed file looks like: its object's keys, or its first record's in a list.
    static func jsonLookalike(_ document: RecordValue) -> PresetLookalike? {
        switch document {
        case .object(let fields): lookalike(fields.map(\.key), in: jsonLookalikes)
        case .array(let items): items.first.flatMap { jsonLookalike($0.value) }
        default: nil
        }
    }

    /// The warning for a file `shown` that looks like `lookalike`'s export, with the fields
    /// (or columns) it has that are not record fields, in the file's order.
    static func presetHint(_ lookalike: PresetLookalike, file shown: String, ignored: [String]) -> LoadIssue {
        let listed = ignored.prefix(6).joined(separator: ", ") + (ignored.count > 6 ? ", …" : "")
        let what = ignored.isEmpty ? "" : ", \(ignored.count) of its fields ignored (\(listed))"
        return LoadIssue(file: shown, line: nil, message:
            "looks like \(lookalike.export), read as Docent's own record fields\(what); to read it as it is, "
            + "add {\"path\": \"\(shown)\", \"format\": \"\(lookalike.preset)\"} to sources.artworks in pipeline.json",
            severity: .warning)
    }

    /// The keys of `document`'s records (its first record's, in a list) that are not record fields.
    static func unknownKeys(_ document: RecordValue) -> [String] {
        switch document {
        case .object(let fields):
            fields.map(\.key).filter { !RecordDecoder.isRecordField($0.trimmingCharacters(in: .whitespaces).lowercased()) }
        case .array(let items): items.first.map { unknownKeys($0.value) } ?? []
        default: []
        }
    }
}
