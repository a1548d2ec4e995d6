import Foundation

/// Reading ease by language, from words per sentence (ASL) and syllables per word (ASW):
/// English Flesch, French Kandel & Moles, Spanish Fernández Huerta, German Amstad. Higher is
/// easier; about 60–70 is plain language, 80+ easy, under 30 very hard.
public enum Readability {
    public struct Score: Sendable, Hashable, Codable {
        public var value: Double
        public var formula: String
        public var wordsPerSentence: Double
        public var syllablesPerWord: Double
    }

    /// The formula's name for a language, or nil when Docent has none.
    public static func formula(for language: String) -> String? {
        switch base(language) {
        case "en": "Flesch reading ease"
        case "fr": "Kandel & Moles"
        case "es": "Fernández Huerta"
        case "de": "Amstad"
        default: nil
        }
    }

    /// The score from counts (testable against published values).
    public static func score(words: Int, sentences: Int, syllables: Int, language: String) -> Score? {
        guard words > 0, sentences > 0, let name = formula(for: language) else { return nil }
        let asl = Double(words) / Double(sentences)
        let asw = Double(syllables) / Double(words)
        let value: Double = switch base(language) {
        case "en": 206.835 - 1.015 * asl - 84.6 * asw
        case "fr": 207 - 1.015 * asl - 73.6 * asw
        case "es": 206.84 - 60 * asw - 1.02 * asl
        default: 180 - asl - 58.5 * asw
        }
        return Score(value: value, formula: name, wordsPerSentence: asl, syllablesPerWord: asw)
    }

    public static func score(of text: String, language: String) -> Score? {
        score(of: TextStats(text), language: language)
    }

    public static func score(of stats: TextStats, language: String) -> Score? {
        guard formula(for: language) != nil else { return nil }
        let syllables = stats.wordList.reduce(0) { $0 + Syllables.count($1, language: language) }
        return score(words: stats.words, sentences: max(1, stats.sentences.count), syllables: syllables, language: language)
    }

    static func base(_ language: String) -> String {
        language.split(separator: "-").first.map { $0.lowercased() } ?? language
    }
}

/// Syllable estimates by vowel groups, with each language's silent endings.
public enum Syllables {
    public static func count(_ word: some StringProtocol, language: String) -> Int {
        let lowered = word.lowercased()
        let letters = lowered.filter(\.isLetter)
        guard !letters.isEmpty else { return word.contains(where: \.isNumber) ? max(1, word.count / 2) : 0 }
        let vowels: Set<Character>
        switch Readability.base(language) {
        case "fr": vowels = Set("aeiouyàâäéèêëîïôöùûüÿœæ")
        case "es": vowels = Set("aeiouyáéíóúü")
        case "de": vowels = Set("aeiouyäöü")
        default: vowels = Set("aeiouy")
        }
        var groups = 0
        var previousWasVowel = false
        for character in letters {
            let isVowel = vowels.contains(character)
            if isVowel && !previousWasVowel { groups += 1 }
            previousWasVowel = isVowel
        }
        switch Readability.base(language) {
        case "en":
            // Silent final e ("stone"), but not "-le" after a consonant ("table").
            if letters.hasSuffix("e"), !letters.hasSuffix("le"), groups > 1 { groups -= 1 }
            if letters.hasSuffix("es") || letters.hasSuffix("ed"), groups > 1,
               !(letters.hasSuffix("tes") || letters.hasSuffix("des") || letters.hasSuffix("ted") || letters.hasSuffix("ded")) {
                groups -= 1
            }
        case "fr":
            // Mute e of the written word: "peinture" (2), "peintures", "peignent".
            if groups > 1 && (letters.hasSuffix("e") || letters.hasSuffix("es") || letters.hasSuffix("ent")) {
                let stem = letters.hasSuffix("ent") ? letters.dropLast(3) : (letters.hasSuffix("es") ? letters.dropLast(2) : letters.dropLast())
                if let last = stem.last, !vowels.contains(last) { groups -= 1 }
            }
        default:
            break
        }
        return max(1, groups)
    }
}
