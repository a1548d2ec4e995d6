/// Guesses a text's language among French, English, Spanish, German, Italian and Dutch from
/// its most common short words. Enough to tell which language a page or a draft is in, and
/// to catch a draft written in the wrong one.
public enum LanguageGuess {
    /// The languages it can tell apart.
    public static var languages: Set<String> { Set(stopwords.keys) }

    public static let stopwords: [String: Set<String>] = [
        "fr": ["le", "la", "les", "des", "est", "une", "dans", "du", "et", "au", "aux", "qui", "que", "sur", "pour", "par", "avec", "il", "elle", "ce", "cette", "son", "sa", "ses", "nous", "sont", "pas", "plus"],
        "en": ["the", "and", "of", "is", "in", "to", "a", "was", "with", "his", "her", "this", "that", "by", "for", "on", "as", "are", "from", "it", "an", "at", "which", "their", "we", "our"],
        "es": ["el", "la", "los", "las", "del", "es", "una", "en", "y", "que", "con", "por", "para", "su", "sus", "como", "se", "al", "lo", "este", "esta", "fue", "más", "pero"],
        "de": ["der", "die", "das", "und", "ist", "ein", "eine", "mit", "von", "zu", "den", "dem", "des", "im", "auf", "für", "sich", "nicht", "auch", "wird", "wurde", "sie", "er", "es"],
        "it": ["il", "lo", "gli", "della", "delle", "che", "è", "una", "con", "per", "del", "nel", "sono", "questo", "questa", "come"],
        "nl": ["de", "het", "een", "van", "en", "is", "op", "met", "zijn", "voor", "dat", "die", "niet", "werd", "ook", "aan"],
    ]

    public struct Result: Sendable, Hashable {
        public var language: String
        /// Share of the words counted that are this language's common words.
        public var confidence: Double
    }

    /// Nil when the text is too short or matches no language clearly.
    public static func guess(_ text: String) -> Result? {
        guess(words: TextStats.words(in: text))
    }

    /// The languages in a fixed order (ties are broken by it).
    static let order = stopwords.keys.sorted()

    public static func guess(words list: [Substring]) -> Result? {
        guard list.count >= 8 else { return nil }
        var scores: [String: Int] = [:]
        for word in list {
            // "l'homme", "dell’arte": the word and the part after the apostrophe.
            let lowered = word.lowercased()
            let elided = String(lowered.afterElision())
            for language in order where stopwords[language]!.contains(lowered) || stopwords[language]!.contains(elided) {
                scores[language, default: 0] += 1
            }
        }
        var ranked = order.map { (key: $0, value: scores[$0] ?? 0) }
        ranked.sort { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
        guard let best = ranked.first, best.value >= 3 else { return nil }
        let second = ranked.count > 1 ? ranked[1].value : 0
        guard Double(best.value) >= Double(second) * 1.5 else { return nil }
        return Result(language: best.key, confidence: Double(best.value) / Double(list.count))
    }
}
