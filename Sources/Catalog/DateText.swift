import Foundation

/// Dates as records give them, made sane or dropped: an export's placeholder for "no date"
/// (0, 0000, "unknown", "n.d.") is no date — never "a work by Ludolf Backhuysen (0)" — and a
/// machine timestamp becomes the period it bounds.
package enum DateText {
    /// Placeholders exports write for "no date", folded to lowercase.
    static let placeholders: Set<String> = [
        "0", "00", "000", "0000", "-", "--", "?", "??", "unknown", "onbekend", "inconnu", "inconnue", "unbekannt", "desconocido",
        "sconosciuto", "n.d.", "n.d", "nd", "s.d.", "s.d", "o.j.", "undated", "no date", "not dated", "zonder datum", "sans date",
        "null", "none", "nan",
    ]

    /// The date as a record may give it, or nil when it says nothing: placeholders dropped,
    /// an ISO timestamp (`1806-01-01T00:00:00Z`) read as its year.
    package static func sane(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        if placeholders.contains(trimmed.lowercased()) { return nil }
        if let stamp = timestampYear(trimmed) { return stamp == 0 ? nil : String(stamp) }
        return trimmed
    }

    /// The period two bounds give: "1806" when both fall in one year, "1806–1810" otherwise,
    /// the one year when only one bound is given; nil when neither is a date.
    package static func span(_ begin: String?, _ end: String?) -> String? {
        let from = begin.flatMap { timestampYear($0) ?? plainYear($0) }.flatMap { $0 == 0 ? nil : $0 }
        let to = end.flatMap { timestampYear($0) ?? plainYear($0) }.flatMap { $0 == 0 ? nil : $0 }
        switch (from, to) {
        case let (a?, b?): return period(a, b)
        case let (a?, nil): return String(a)
        case let (nil, b?): return String(b)
        case (nil, nil): return nil
        }
    }

    /// "1806" for one year, "1806–1810" for several.
    static func period(_ a: Int, _ b: Int) -> String {
        a == b ? String(a) : "\(min(a, b))–\(max(a, b))"
    }

    /// The year of `YYYY-MM-DDThh:mm:ss…` (or a bare `YYYY-MM-DD` bound), else nil.
    static func timestampYear(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let negative = trimmed.hasPrefix("-")
        let body = negative ? trimmed.dropFirst() : Substring(trimmed)
        guard body.contains("T"), let dash = body.firstIndex(of: "-"),
              let year = Int(body[..<dash]), body[..<dash].count >= 4 else { return nil }
        let parts = body.split(separator: "T")
        guard parts.count == 2, parts[0].split(separator: "-").count == 3, parts[1].contains(":") else { return nil }
        return negative ? -year : year
    }

    /// A year alone ("1806"), or the year of a bare ISO date ("1806-01-01").
    static func plainYear(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count <= 4, trimmed.allSatisfy(\.isNumber) { return Int(trimmed) }
        let parts = trimmed.split(separator: "-")
        if parts.count == 3, parts[0].count == 4, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) { return Int(parts[0]) }
        return nil
    }
}
