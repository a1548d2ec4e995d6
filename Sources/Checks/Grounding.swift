import Catalog
import Foundation
import Prose
import Synchronization
import Domain

/// Every year, number and proper name in a draft must be traceable to the record (or the
/// glossary): anything else is flagged as an unverified claim.
package struct Grounding: Sendable {
    package var artwork: Artwork
    package var glossary: [String]
    package var language: String

    package init(artwork: Artwork, glossary: [String] = [], language: String = "en") {
        self.artwork = artwork
        self.glossary = glossary
        self.language = language
    }

    /// Everything the record says, folded for comparison; computed once per record and glossary.
    var corpus: String {
        let key = artwork.id + "\u{1F}" + String(artwork.hashValue) + "\u{1F}" + glossary.joined(separator: "\u{1F}")
        if let cached = Self.corpora.withLock({ $0[key] }) { return cached }
        let value = buildCorpus()
        Self.corpora.withLock { cache in
            // Artworks are checked a few at a time: a small cache serves them all.
            if cache.count > 512 { cache.removeAll() }
            cache[key] = value
        }
        return value
    }

    private static let corpora = Mutex<[String: String]>([:])

    private func buildCorpus() -> String {
        var parts = [artwork.id, artwork.title, artwork.date, artwork.objectType, artwork.medium, artwork.dimensions,
                     artwork.place, artwork.creditLine, artwork.accessionNumber, artwork.description, artwork.notes,
                     artwork.image?.alt, artwork.script?.text].compactMap { $0 }
        parts += artwork.titles.sortedByKey().map(\.value)
        parts += artwork.themes
        parts += artwork.makers.flatMap { [$0.name, $0.role, $0.born, $0.died, $0.nationality].compactMap { $0 } }
        parts += glossary
        return Self.fold(parts.joined(separator: " \u{1F} "))
    }

    static func fold(_ text: String) -> String {
        // Plain ASCII words (most names) fold to lowercase; Foundation for the rest.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "’", with: "'")
    }

    /// Words that start sentences or are common in museum prose, never names.
    static let commonCapitalized: Set<String> = [
        "le", "la", "les", "un", "une", "des", "ce", "cette", "il", "elle", "on", "nous", "vous", "son", "sa", "ses", "au", "aux", "en",
        "the", "a", "an", "this", "that", "it", "he", "she", "we", "you", "his", "her", "in", "on", "at", "its", "their", "they",
        "el", "los", "las", "una", "der", "die", "das", "ein", "eine", "sie", "er", "es", "wir", "date", "datierung", "fecha",
        "technique", "medium", "técnica", "technik", "dimensions", "dimensiones", "maße", "lieu", "place", "lugar", "ort",
        "crédit", "credit", "procedencia", "provenienz", "thèmes", "themes", "temas", "themen", "regarde", "look", "mira", "schau",
        "notes", "questions", "preguntas", "fragen", "hinweise", "notas", "bienvenue", "vous", "prenez", "take", "tómese", "nehmen",
    ]

    package func check(_ text: String) -> [Finding] {
        check(text, stats: TextStats(text))
    }

    /// Sentences with Docent's own [bracketed notes] cut out (a note may span sentences).
    static func sentencesOutsideNotes(_ sentences: [String]) -> [String] {
        var inNote = false
        var result: [String] = []
        for sentence in sentences {
            guard inNote || sentence.utf8.contains(UInt8(ascii: "[")) || sentence.utf8.contains(UInt8(ascii: "]")) else {
                result.append(sentence)
                continue
            }
            var kept = ""
            for character in sentence {
                if character == "[" { inNote = true } else if character == "]" { inNote = false } else if !inNote { kept.append(character) }
            }
            if !kept.isEmpty { result.append(kept) }
        }
        return result
    }

    /// As `check(_:)`, reusing the text's statistics.
    package func check(_ text: String, stats: TextStats) -> [Finding] {
        let corpus = self.corpus
        var findings: [Finding] = []
        var reported = Set<String>()
        // Years and other numbers.
        for number in Self.numbers(in: text) {
            guard !reported.contains(number) else { continue }
            // Small counts ("three", "2 lines") are not claims worth checking; years and figures are.
            if let value = Int(number), value < 10 { continue }
            if FastText.contains(corpus, number) { continue }
            reported.insert(number)
            let (line, column) = Proofreader.position(of: number, in: text)
            let isYear = number.utf8.count == 4 && Int(number).map { (1000...2100).contains($0) } == true
            findings.append(Finding("grounding", isYear ? .error : .warning,
                "\(isYear ? "year" : "number") \(number) is not in the record: unverified claim", line: line, column: column, excerpt: number))
        }
        // Proper names: capitalized words not at a sentence start. German capitalizes every
        // noun, so there only words the record does not have at all and that look like names
        // (two capitalized words in a row) count. Notes in [brackets] and hashtags are Docent's own.
        let german = Typography.base(language) == "de"
        for sentence in Self.sentencesOutsideNotes(stats.sentences) {
            let tokens = Self.tokens(of: sentence)
            for (index, token) in tokens.enumerated() where index > 0 && token.looksLikeName {
                if german {
                    let neighbours = [tokens[index - 1], index + 1 < tokens.count ? tokens[index + 1] : Token.empty]
                    guard index > 1, neighbours.contains(where: \.isCapitalized) else { continue }
                }
                let folded = Self.fold(token.text)
                if Self.commonCapitalized.contains(folded) || reported.contains(folded) { continue }
                // Elided forms ("d’Élise", "l’Italie"): check the name part.
                let name = folded.split(separator: "'").last.map(String.init) ?? folded
                if FastText.contains(corpus, name) { continue }
                reported.insert(folded)
                let (line, column) = Proofreader.position(of: token.text, in: text)
                findings.append(Finding("grounding", .warning, "name '\(token.text)' is not in the record: unverified claim", line: line, column: column,
                                        excerpt: token.text))
            }
        }
        return findings
    }

    /// A word of a sentence, trimmed of punctuation and quotes, with what the name test needs.
    struct Token {
        var text: String
        var isCapitalized: Bool
        /// Capitalized, more than two characters, with a lowercase letter ("Monet", not "XIX").
        var looksLikeName: Bool

        static let empty = Token(text: "", isCapitalized: false, looksLikeName: false)
    }

    /// The sentence's space-separated tokens (hashtags count as empty ones).
    static func tokens(of sentence: String) -> [Token] {
        UTF8Text.withBytes(sentence) { p in
            var tokens: [Token] = []
            var i = 0
            while i < p.count {
                let space = UTF8Text.spaceLength(p, i)
                if space > 0 {
                    i += space
                    continue
                }
                var end = i
                while end < p.count, UTF8Text.spaceLength(p, end) == 0 { end += UTF8Text.scalar(p, end).length }
                defer { i = end }
                if p[i] == UInt8(ascii: "#") {
                    tokens.append(.empty)
                    continue
                }
                let word = UTF8Text.trim(p, i..<end, where: isTrimmed)
                guard !word.isEmpty else {
                    tokens.append(.empty)
                    continue
                }
                let first = UTF8Text.scalar(p, word.lowerBound).value
                let capitalized = UTF8Text.isUppercase(first)
                var looksLikeName = false
                if capitalized {
                    var characters = 0, lowercase = false, j = word.lowerBound
                    while j < word.upperBound {
                        let (s, length) = UTF8Text.scalar(p, j)
                        if !UTF8Text.isMark(s) { characters += 1 }
                        if UTF8Text.isLowercase(s) { lowercase = true }
                        j += length
                    }
                    looksLikeName = characters > 2 && lowercase
                }
                tokens.append(Token(text: String(decoding: UnsafeBufferPointer(rebasing: p[word]), as: UTF8.self),
                                    isCapitalized: capitalized, looksLikeName: looksLikeName))
            }
            return tokens
        }
    }

    /// Punctuation, white space and quotes around a word.
    static func isTrimmed(_ s: UInt32) -> Bool {
        if s < 0x80 {
            return s <= 0x20 || (s >= 0x21 && s <= 0x2F) || (s >= 0x3A && s <= 0x40) || (s >= 0x5B && s <= 0x60) || (s >= 0x7B && s <= 0x7E)
        }
        if UTF8Text.isSpace(s) || UTF8Text.isNewline(s) { return true }
        guard let scalar = Unicode.Scalar(s) else { return false }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// The numbers of a text as the pattern `\b\d[\d.,]*\b` finds them, without trailing `.` or `,`.
    static func numbers(in text: String) -> [String] {
        UTF8Text.withBytes(text) { p in
            var numbers: [String] = []
            func isWord(_ at: Int) -> Bool {
                let s = UTF8Text.scalar(p, at).value
                return s == 0x5F || UTF8Text.isLetterOrNumber(s) || UTF8Text.isMark(s)
            }
            var i = 0
            while i < p.count {
                guard (0x30...0x39).contains(p[i]), i == 0 || !isWord(UTF8Text.scalarStart(before: i, p)) else {
                    i += 1
                    continue
                }
                var end = i + 1
                while end < p.count, (0x30...0x39).contains(p[end]) || p[end] == UInt8(ascii: ".") || p[end] == UInt8(ascii: ",") { end += 1 }
                let runEnd = end
                // Back off to a word boundary, as the pattern's final \b does.
                while end > i, isWord(end - 1) == (end < p.count && isWord(end)) { end -= 1 }
                if end > i {
                    var trimmed = end
                    while trimmed > i, p[trimmed - 1] == UInt8(ascii: ".") || p[trimmed - 1] == UInt8(ascii: ",") { trimmed -= 1 }
                    if trimmed > i { numbers.append(String(decoding: UnsafeBufferPointer(rebasing: p[i..<trimmed]), as: UTF8.self)) }
                }
                i = runEnd
            }
            return numbers
        }
    }
}
