/// Guesses a text's language among French, English, Spanish, German, Italian and Dutch from
/// its most common short words. Enough to tell which language a page or a draft is in, and
/// to catch a draft written in the wrong one.
package enum LanguageGuess {
    /// The languages it can tell apart.
    package static var languages: Set<String> { Set(stopwords.keys) }

    package static let stopwords: [String: Set<String>] = [
        "fr": ["le", "la", "les", "des", "est", "une", "dans", "du", "et", "au", "aux", "qui", "que", "sur", "pour", "par", "avec", "il", "elle", "ce", "cette", "son", "sa", "ses", "nous", "sont", "pas", "plus"],
        "en": ["the", "and", "of", "is", "in", "to", "a", "was", "with", "his", "her", "this", "that", "by", "for", "on", "as", "are", "from", "it", "an", "at", "which", "their", "we", "our"],
        "es": ["el", "la", "los", "las", "del", "es", "una", "en", "y", "que", "con", "por", "para", "su", "sus", "como", "se", "al", "lo", "este", "esta", "fue", "más", "pero"],
        "de": ["der", "die", "das", "und", "ist", "ein", "eine", "mit", "von", "zu", "den", "dem", "des", "im", "auf", "für", "sich", "nicht", "auch", "wird", "wurde", "sie", "er", "es"],
        "it": ["il", "lo", "gli", "della", "delle", "che", "è", "una", "con", "per", "del", "nel", "sono", "questo", "questa", "come"],
        "nl": ["de", "het", "een", "van", "en", "is", "op", "met", "zijn", "voor", "dat", "die", "niet", "werd", "ook", "aan"],
    ]

    package struct Result: Sendable, Hashable {
        package var language: String
        /// Share of the words counted that are this language's common words.
        package var confidence: Double
    }

    /// Nil when the text is too short or matches no language clearly.
    package static func guess(_ text: String) -> Result? {
        guess(words: TextStats.words(in: text))
    }

    /// Each common word and the languages it belongs to (bits in `order`).
    static let order = stopwords.keys.sorted()
    static let membership: [WordKey: UInt8] = {
        var table: [WordKey: UInt8] = [:]
        for (bit, language) in order.enumerated() {
            for word in stopwords[language]! { table[WordKey(word)!, default: 0] |= 1 << bit }
        }
        return table
    }()

    package static func guess(words list: [Substring]) -> Result? {
        guard list.count >= 8 else { return nil }
        var scores = [Int](repeating: 0, count: order.count)
        for word in list {
            // Common words are short: a longer word is nobody's.
            guard word.utf8.count <= 24 else { continue }
            var languages = UTF8Text.withLowercasedLatin(word) { lowered -> UInt8 in
                // "l'homme", "dell’arte": the word and the part after the apostrophe.
                let whole = WordKey(lowered).flatMap { membership[$0] } ?? 0
                let elided = UTF8Text.afterElision(lowered)
                return elided.count == lowered.count ? whole : whole | (WordKey(elided).flatMap { membership[$0] } ?? 0)
            }
            var bit = 0
            while languages != 0 {
                if languages & 1 == 1 { scores[bit] += 1 }
                languages >>= 1
                bit += 1
            }
        }
        var ranked = zip(order, scores).map { (key: $0.0, value: $0.1) }
        ranked.sort { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
        guard let best = ranked.first, best.value >= 3 else { return nil }
        let second = ranked.count > 1 ? ranked[1].value : 0
        guard Double(best.value) >= Double(second) * 1.5 else { return nil }
        return Result(language: best.key, confidence: Double(best.value) / Double(list.count))
    }
}
