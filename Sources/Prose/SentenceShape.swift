/// Whether a sentence of a record reads as prose, or is a fragment of something else: a
/// provenance list ("…; by inheritance to …; sold 1923 to …"), a bibliography entry, a footnote
/// marker, a piece cut from the middle of a sentence. Prose goes into drafts; the rest never
/// does (the offline engine leaves it out, and the checks flag it in any text).
package enum SentenceShape {
    /// What is wrong with a sentence as prose, or nil when it reads as prose. `strict`: also
    /// the shapes that only suggest a fragment (a lowercase start, a list cut by semicolons, an
    /// unclosed bracket), which a sentence splitter can make of sound prose at an abbreviation
    /// ("c. 1831"): the offline engine leaves such sentences out, where leaving out costs
    /// nothing; the checks flag only what is certain (a footnote marker, a provenance entry).
    package static func problem(_ sentence: String, strict: Bool = true) -> String? {
        let text = sentence.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let first = text.first else { return nil }
        if hasFootnoteMarker(text) { return "a footnote marker" }
        let lowered = text.lowercased()
        let provenance = ["by inheritance", "by descent", "(dealer", "sold to", "purchased from", "acquired from", "sale,", "lugt "]
        if provenance.contains(where: lowered.contains), text.contains(";") || text.contains("(") { return "a provenance entry" }
        guard strict else { return nil }
        if first.isLetter && first.isLowercase { return "it starts in the middle of a sentence" }
        if text.filter({ $0 == ";" }).count >= 2 { return "a list cut by semicolons (provenance, bibliography)" }
        for (open, close) in [("(", ")"), ("[", "]")] where text.filter({ String($0) == open }).count != text.filter({ String($0) == close }).count {
            return "an unclosed '\(open)'"
        }
        return nil
    }

    /// "[1]", "[12]" after a word or punctuation.
    static func hasFootnoteMarker(_ text: String) -> Bool {
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "[") {
            guard let close = text[open...].firstIndex(of: "]") else { return false }
            let inner = text[text.index(after: open)..<close]
            if !inner.isEmpty, inner.count <= 3, inner.allSatisfy(\.isNumber) { return true }
            index = text.index(after: open)
        }
        return false
    }
}
