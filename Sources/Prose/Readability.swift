/// Reading ease by language, from words per sentence (ASL) and syllables per word (ASW):
/// English Flesch, French Kandel & Moles, Spanish Fernández Huerta, German Amstad. Higher is
/// easier; about 60–70 is plain language, 80+ easy, under 30 very hard.
package enum Readability {
    package struct Score: Sendable, Hashable, Codable {
        package var value: Double
        package var formula: String
        package var wordsPerSentence: Double
        package var syllablesPerWord: Double
    }

    /// The formula's name for a language, or nil when Docent has none.
    package static func formula(for language: String) -> String? {
        switch base(language) {
        case "en": "Flesch reading ease"
        case "fr": "Kandel & Moles"
        case "es": "Fernández Huerta"
        case "de": "Amstad"
        default: nil
        }
    }

    /// The score from counts (testable against published values).
    package static func score(words: Int, sentences: Int, syllables: Int, language: String) -> Score? {
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

    package static func score(of text: String, language: String) -> Score? {
        score(of: TextStats(text), language: language)
    }

    package static func score(of stats: TextStats, language: String) -> Score? {
        guard formula(for: language) != nil else { return nil }
        let rules = Syllables.Rules(language: language)
        let syllables = stats.wordList.reduce(0) { $0 + Syllables.count($1, rules: rules) }
        return score(words: stats.words, sentences: max(1, stats.sentences.count), syllables: syllables, language: language)
    }

    static func base(_ language: String) -> String {
        language.split(separator: "-").first.map { $0.lowercased() } ?? language
    }
}

/// Syllable estimates by vowel groups, with each language's silent endings.
package enum Syllables {
    /// The language's vowels and silent endings.
    package enum Rules: Sendable {
        case english, french, spanish, german, other

        package init(language: String) {
            switch Readability.base(language) {
            case "en": self = .english
            case "fr": self = .french
            case "es": self = .spanish
            case "de": self = .german
            default: self = .other
            }
        }

        /// Whether a lowercase letter is a vowel in this language.
        @inline(__always)
        func isVowel(_ s: UInt32) -> Bool {
            switch s {
            case 0x61, 0x65, 0x69, 0x6F, 0x75, 0x79: return true
            case 0xE4, 0xF6, 0xFC: return self == .french || self == .german || (self == .spanish && s == 0xFC)
            case 0xE0, 0xE2, 0xE8, 0xEA, 0xEB, 0xEE, 0xEF, 0xF4, 0xF9, 0xFB, 0xFF, 0x153, 0xE6: return self == .french
            case 0xE9: return self == .french || self == .spanish
            case 0xE1, 0xED, 0xF3, 0xFA: return self == .spanish
            default: return false
            }
        }
    }

    package static func count(_ word: some StringProtocol, language: String) -> Int {
        count(word, rules: Rules(language: language))
    }

    package static func count(_ word: some StringProtocol, rules: Rules) -> Int {
        if let result = word.utf8.withContiguousStorageIfAvailable({ count(bytes: $0, rules: rules) }) { return result }
        var copy = String(word)
        copy.makeContiguousUTF8()
        return copy.utf8.withContiguousStorageIfAvailable { count(bytes: $0, rules: rules) }!
    }

    static func count(bytes p: UnsafeBufferPointer<UInt8>, rules: Rules) -> Int {
        var groups = 0, letters = 0, digits = false
        var previousWasVowel = false
        // The last four letters, lowercased: l1 is the last.
        var l1: UInt32 = 0, l2: UInt32 = 0, l3: UInt32 = 0, l4: UInt32 = 0
        var i = 0
        while i < p.count {
            let (raw, length) = UTF8Text.scalar(p, i)
            i += length
            guard UTF8Text.isLetter(raw) else {
                if UTF8Text.isNumber(raw) { digits = true }
                continue
            }
            let s = UTF8Text.lowercased(raw)
            letters += 1
            (l4, l3, l2, l1) = (l3, l2, l1, s)
            let isVowel = rules.isVowel(s)
            if isVowel && !previousWasVowel { groups += 1 }
            previousWasVowel = isVowel
        }
        guard letters > 0 else { return digits ? max(1, p.count / 2) : 0 }
        let e: UInt32 = 0x65
        switch rules {
        case .english:
            // Silent final e ("stone"), but not "-le" after a consonant ("table").
            if l1 == e, !(l2 == 0x6C && letters >= 2), groups > 1 { groups -= 1 }
            if (l1 == 0x73 || l1 == 0x64) && l2 == e && letters >= 2, groups > 1, !((l3 == 0x74 || l3 == 0x64) && letters >= 3) {
                groups -= 1
            }
        case .french:
            // Mute e of the written word: "peinture" (2), "peintures", "peignent".
            let suffix = l1 == 0x74 && l2 == 0x6E && l3 == e && letters >= 3 ? 3 : (l1 == 0x73 && l2 == e && letters >= 2 ? 2 : (l1 == e ? 1 : 0))
            if groups > 1, suffix > 0, letters > suffix {
                let stemLast = suffix == 3 ? l4 : (suffix == 2 ? l3 : l2)
                if !rules.isVowel(stemLast) { groups -= 1 }
            }
        default:
            break
        }
        return max(1, groups)
    }
}
