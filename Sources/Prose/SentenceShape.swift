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
        // Every sentence of every text goes through here (the checks and the offline engine):
        // byte-level counting and search, not Foundation's string search, which was 7 % of a
        // run's CPU (perf over docent-bench --cpu-only).
        let text = UTF8Text.trimmed(sentence)
        guard let first = text.first else { return nil }
        if hasFootnoteMarker(text) { return "a footnote marker" }
        var counts: [UInt8: Int] = [:]
        for byte in text.utf8 where byte == semicolon || byte == 0x28 || byte == 0x29 || byte == 0x5B || byte == 0x5D {
            counts[byte, default: 0] += 1
        }
        let lowered = UTF8Text.lowercasedLatin(text)
        if provenance.contains(where: { FastText.contains(lowered, $0) }), counts[semicolon] != nil || counts[0x28] != nil {
            return "a provenance entry"
        }
        guard strict else { return nil }
        if first.isLetter && first.isLowercase { return "it starts in the middle of a sentence" }
        if counts[semicolon, default: 0] >= 2 { return "a list cut by semicolons (provenance, bibliography)" }
        for (open, close, name) in [(UInt8(0x28), UInt8(0x29), "("), (0x5B, 0x5D, "[")] where counts[open, default: 0] != counts[close, default: 0] {
            return "an unclosed '\(name)'"
        }
        return nil
    }

    private static let semicolon = UInt8(ascii: ";")
    private static let provenance = ["by inheritance", "by descent", "(dealer", "sold to", "purchased from", "acquired from", "sale,", "lugt "]

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
