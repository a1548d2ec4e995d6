import Foundation

/// Collection exports recognized without a `format`: a LIDO file by its namespace, a Linked Art
/// record by its JSON-LD context. Dropped into `artworks/` as they come from a collection
/// system, they load with their preset, as if the source had named it.
extension CatalogLoader {
    /// How much of a file's beginning is looked at: the root element and its namespaces, or a
    /// JSON-LD `@context`, come first in every export we know.
    static let recognizedHead = 8192

    /// The preset that reads the XML file `path` when its source names no format, if its
    /// content says which (JSON is recognized from the text the loader reads anyway).
    static func recognizedPreset(_ path: String) -> RecordPreset? {
        guard let format = RecordFormat(fileExtension: (path as NSString).pathExtension), format == .xml || format == .lido,
              let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: recognizedHead) else { return nil }
        return recognizedPreset(head: String(decoding: data, as: UTF8.self), format: format)
    }

    /// The preset for a file of `format` (by its extension) that begins with `head`.
    static func recognizedPreset(head: String, format: RecordFormat) -> RecordPreset? {
        switch format {
        case .xml, .lido:
            head.contains(LIDORecord.namespace) ? .lido : nil
        case .json:
            head.contains("\"@context\"") && head.contains("linked.art/ns/") ? .linkedArt : nil
        case .jsonl, .yaml, .csv, .tsv, .xlsx, .linkedArt:
            nil
        }
    }

    /// The source an XML file of a source without a format is read with: the preset its
    /// content names; nil when it names none.
    static func recognizedSource(_ path: String, in source: RecordSource) -> RecordSource? {
        guard source.format == nil, let preset = recognizedPreset(path) else { return nil }
        return source.read(as: preset)
    }
}

extension RecordSource {
    /// This source read with preset `name`, its own language (when it sets one) kept.
    func read(as preset: RecordPreset) -> RecordSource {
        var source = RecordSource.preset(preset, path: path)
        if let language { source.language = language }
        return source
    }
}
