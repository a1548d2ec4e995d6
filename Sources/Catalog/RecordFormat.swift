/// The formats records are read in. Their names are those of `sources.artworks[].format` in
/// pipeline.json; `lido` and `linked-art` come with their presets (which name the fields).
package enum RecordFormat: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case json, jsonl, yaml, csv, tsv, xlsx, xml, lido
    case linkedArt = "linked-art"

    package var description: String { rawValue }

    /// What a source may name as its `format` (the rest through their presets).
    package static let named: [RecordFormat] = [.json, .jsonl, .yaml, .csv, .tsv, .xlsx, .xml]

    /// A file's format by its extension, when its source names none.
    package init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "yml": self = .yaml
        case let ext: self.init(rawValue: ext)
        }
    }

    /// The file extensions a source of this format reads.
    package var extensions: Set<String> {
        switch self {
        case .json: ["json"]
        case .linkedArt: ["json", "jsonld"]
        case .jsonl: ["jsonl", "ndjson"]
        case .yaml: ["yaml", "yml"]
        case .lido, .xml: ["xml", "lido"]
        case .csv: ["csv"]
        case .xlsx: ["xlsx"]
        case .tsv: ["tsv", "tab", "txt"]
        }
    }

    /// Read from the file as it goes (a large export is never held as text), not read whole.
    var isStreamed: Bool {
        switch self {
        case .xlsx, .xml, .lido: true
        case .json, .jsonl, .yaml, .csv, .tsv, .linkedArt: false
        }
    }

    /// Collection exports, whose participants' roles decide who made the work.
    var isExport: Bool {
        switch self {
        case .lido, .xml, .linkedArt: true
        case .json, .jsonl, .yaml, .csv, .tsv, .xlsx: false
        }
    }
}
