import Foundation

extension JSONEncoder {
    /// How Docent writes JSON that people read and tools diff (record.json, report.json, the
    /// house-style cache, `--json` output): indented, keys sorted (the same bytes in every
    /// process), slashes as they are.
    package static var docentPretty: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// One line, keys sorted: request bodies and cache lines.
    package static var docentCompact: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
