import Foundation

/// Whether a file read with a preset is the shape the preset expects, and which values look
/// wrong in any record: a preset pointed at a file of another shape maps the artist into the
/// title and a Getty URI into the date without a word, and those wrong facts would reach
/// confident copy.
extension CatalogLoader {
    /// What looks wrong in a record's values: a date or text field that is a URL, a title that
    /// is a maker's name. Empty when nothing does.
    static func suspiciousValues(_ artwork: Artwork) -> [String] {
        var found: [String] = []
        func isURL(_ text: String?) -> Bool {
            guard let text = text?.lowercased() else { return false }
            return text.hasPrefix("http://") || text.hasPrefix("https://") || text.hasPrefix("urn:")
        }
        if isURL(artwork.date) { found.append("the date is a URL ('\(artwork.date ?? "")')") }
        if isURL(artwork.title) { found.append("the title is a URL ('\(artwork.title)')") }
        if let maker = artwork.makers.first(where: { $0.name.caseInsensitiveCompare(artwork.title) == .orderedSame }) {
            found.append("the title is the maker's name ('\(maker.name)')")
        }
        for (name, value) in [("medium", artwork.medium), ("dimensions", artwork.dimensions), ("credit line", artwork.creditLine),
                              ("object type", artwork.objectType), ("place", artwork.place)] where isURL(value) {
            found.append("the \(name) is a URL ('\(value ?? "")')")
        }
        if artwork.makers.contains(where: { isURL($0.name) }) { found.append("a maker's name is a URL") }
        return found
    }

    /// The artworks of one file read with preset `preset`: when most of them look wrong, the
    /// file is not the preset's shape — an error naming the file, what was found and the
    /// mapping to write instead, and none of its records loads. Otherwise each record that looks
    /// wrong gets a warning (`docent records` shows them).
    static func checkShape(_ artworks: [(Artwork, Int)], preset: RecordPreset?, file shown: String, firstRow: [String]?,
                           issues: inout [LoadIssue]) -> [(Artwork, Int)] {
        let flagged = artworks.map { (artwork: $0.0, line: $0.1, found: suspiciousValues($0.0)) }.filter { !$0.found.isEmpty }
        if let preset, !artworks.isEmpty, flagged.count * 2 > artworks.count {
            var counts: [String: Int] = [:]
            for record in flagged {
                for finding in record.found { counts[finding.components(separatedBy: " (").first ?? finding, default: 0] += 1 }
            }
            let summary = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) in \($0.value)" }.joined(separator: ", ")
            var message = "does not look like the '\(preset)' preset's shape: of \(artworks.count) records, \(summary)"
                + " (e.g. \(flagged[0].found[0])); its records were not loaded"
            if let firstRow, !firstRow.isEmpty {
                message += ". Map its columns instead, e.g. " + Self.positionalMapping(file: shown, row: firstRow)
            } else {
                message += ". Map its fields with a \"fields\" mapping (README: Bring your collection)"
            }
            issues.append(LoadIssue(file: shown, line: nil, message: message))
            return []
        }
        for record in flagged {
            issues.append(LoadIssue(file: shown, line: record.line, message: "record '\(record.artwork.id)': "
                                    + record.found.joined(separator: "; ") + ": check the export or its mapping", severity: .warning))
        }
        return artworks
    }

    /// A source line mapping a CSV's columns by position, with the first row's values shown
    /// beside their numbers so that the right ones can be picked.
    static func positionalMapping(file: String, row: [String]) -> String {
        let columns = row.prefix(12).enumerated().map { index, value in
            "\(index + 1) '\(value.count > 24 ? String(value.prefix(23)) + "…" : value)'"
        }.joined(separator: ", ")
        return #"{"path": "\#(file)", "format": "csv", "header": false, "fields": {"id": 1, "title": 2, "makers": 3, "date": 4}}"#
            + " (columns: \(columns)\(row.count > 12 ? ", …" : ""))"
    }

    /// Whether a CSV's first row is data rather than a header: none of its cells names a
    /// field or a mapped column, and some are what headers never are (a number, a URL, a long
    /// text).
    static func firstRowIsData(_ header: [String], mapped: Set<String>) -> Bool {
        let names = header.map { $0.lowercased().replacingOccurrences(of: " ", with: "_") }
        guard !names.contains(where: { RecordDecoder.isRecordField($0) || mapped.contains($0) }) else { return false }
        return header.contains { cell in
            let text = cell.trimmingCharacters(in: .whitespaces)
            return (!text.isEmpty && text.allSatisfy { $0.isNumber || $0 == "." || $0 == "-" })
                || text.lowercased().hasPrefix("http") || text.count > 40
        }
    }
}
