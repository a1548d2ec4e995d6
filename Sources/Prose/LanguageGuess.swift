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

    public static func guess(words list: [Substring]) -> Result? {
        let words = list.map { $0.lowercased() }
        guard words.count >= 8 else { return nil }
        var scores: [String: Int] = [:]
        for word in words {
            let bare = word.split(whereSeparator: { $0 == "'" || $0 == "’" }).last.map(String.init) ?? word
            for (language, set) in stopwords where set.contains(word) || set.contains(bare) {
                scores[language, default: 0] += 1
            }
        }
        guard let best = scores.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }), best.value >= 3 else { return nil }
        let second = scores.filter { $0.key != best.key }.map(\.value).max() ?? 0
        guard Double(best.value) >= Double(second) * 1.5 else { return nil }
        return Result(language: best.key, confidence: Double(best.value) / Double(words.count))
    }
}
