/// Rules for artwork ids. An id names a folder under `output/`, so it must never be able to
/// point anywhere else: no separators, no `..`, no leading dot, a bounded length.
package enum ArtworkID {
    package static let maxLength = 100

    /// Names Docent's own files take in `output/` (and common ones a team keeps there): an
    /// artwork folder of that name would hide the review page or the report. Compared
    /// case-insensitively (a case-insensitive file system would clash too).
    package static let reservedNames: Set<String> = [
        "index.html", "report.json", "readme.md", "readme", "readme.txt", "export.csv", "export.json",
    ]

    /// Nil when `id` is acceptable, otherwise what is wrong with it.
    package static func problem(with id: String) -> String? {
        if id.isEmpty { return "is empty" }
        if id.count > maxLength { return "is longer than \(maxLength) characters" }
        if id.contains("..") || id.contains("/") || id.contains("\\") {
            return "'\(id)' must not contain '..', '/' or '\\' (it names a folder under output/)"
        }
        if id.hasPrefix(".") || id.hasPrefix("-") { return "'\(id)' must start with a letter or digit" }
        if reservedNames.contains(id.lowercased()) {
            return "'\(id)' is the name of a file Docent keeps in output/ (\(reservedNames.sorted().joined(separator: ", "))); choose another id"
        }
        let allowed = id.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".": true
            default: false
            }
        }
        if !allowed {
            return "'\(id)' may only contain letters a–z, digits, '-', '_' and '.' (it names a folder under output/)"
        }
        return nil
    }
}
